package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerSources(rt *router) {
	rt.add("GET", "/v1/customers/{customer}/sources", "card", true, listSources)
	rt.add("POST", "/v1/customers/{customer}/sources", "card", false, createSource)
	rt.add("GET", "/v1/customers/{customer}/sources/{id}", "card", false, getSource)
}

// cardJSON is the card object (a card source) of 2023-10-16, without the
// properties that exist only on Connect external accounts.
type cardJSON struct {
	ID                 string            `json:"id"`
	Object             string            `json:"object"`
	AddressCity        *string           `json:"address_city"`
	AddressCountry     *string           `json:"address_country"`
	AddressLine1       *string           `json:"address_line1"`
	AddressLine1Check  *string           `json:"address_line1_check"`
	AddressLine2       *string           `json:"address_line2"`
	AddressState       *string           `json:"address_state"`
	AddressZip         *string           `json:"address_zip"`
	AddressZipCheck    *string           `json:"address_zip_check"`
	Brand              string            `json:"brand"`
	Country            *string           `json:"country"`
	Customer           any               `json:"customer"`
	CVCCheck           *string           `json:"cvc_check"`
	DynamicLast4       *string           `json:"dynamic_last4"`
	ExpMonth           int               `json:"exp_month"`
	ExpYear            int               `json:"exp_year"`
	Fingerprint        *string           `json:"fingerprint"`
	Funding            string            `json:"funding"`
	Last4              string            `json:"last4"`
	Metadata           map[string]string `json:"metadata"`
	Name               *string           `json:"name"`
	TokenizationMethod *string           `json:"tokenization_method"`
}

func renderCard(st *state.State, c *state.Card, x expansion) *cardJSON {
	i := c.Info
	out := &cardJSON{
		ID:                c.ID,
		Object:            "card",
		Brand:             i.Brand,
		Country:           orNil(i.Country),
		ExpMonth:          i.ExpMonth,
		ExpYear:           i.ExpYear,
		Fingerprint:       orNil(i.Fingerprint),
		Funding:           i.Funding,
		Last4:             i.Last4,
		Metadata:          c.Metadata,
		CVCCheck:          orNil(i.CVCCheck),
		AddressLine1Check: addressCheck(i.AddressLine1Check),
		AddressZipCheck:   addressCheck(i.AddressPostalCodeCheck),
	}
	if out.Metadata == nil {
		out.Metadata = map[string]string{}
	}
	out.Customer = expandCustomer(st, c.Customer, x, "customer")
	return out
}

func customerCard(st *state.State, customerID, cardID string) (*state.Customer, *state.Card, *apierr.Error) {
	cus, err := st.Customer(customerID)
	if err != nil || cus.Deleted {
		return nil, nil, apierr.NoSuchObject("customer", customerID, "customer")
	}
	card, ok := st.Source(cardID)
	if !ok || card.Customer != cus.ID {
		return nil, nil, apierr.NoSuchObject("source", cardID, "id")
	}
	return cus, card, nil
}

func listSources(c *call) (applyFunc, *apierr.Error) {
	customerID := c.arg(0)
	page := readPage(c.params)
	c.params.Enum("object", "bank_account", "card")
	return func(st *state.State) (any, *apierr.Error) {
		cus, err := st.Customer(customerID)
		if err != nil || cus.Deleted {
			return nil, apierr.NoSuchObject("customer", customerID, "customer")
		}
		cardsNewestFirst := st.CustomerSources(cus)
		start := 0
		if page.startingAfter != nil {
			start = -1
			for i, s := range cardsNewestFirst {
				if s.ID == *page.startingAfter {
					start = i + 1
				}
			}
			if start < 0 {
				return nil, apierr.NoSuchObject("source", *page.startingAfter, "starting_after")
			}
		}
		end := len(cardsNewestFirst)
		if page.endingBefore != nil {
			end = -1
			for i, s := range cardsNewestFirst {
				if s.ID == *page.endingBefore {
					end = i
				}
			}
			if end < 0 {
				return nil, apierr.NoSuchObject("source", *page.endingBefore, "ending_before")
			}
			if end-page.limit > start {
				start = end - page.limit
			}
		}
		sel := cardsNewestFirst[start:end]
		hasMore := false
		if len(sel) > page.limit {
			sel, hasMore = sel[:page.limit], true
		} else if page.endingBefore != nil && start > 0 {
			hasMore = true
		}
		data := make([]any, len(sel))
		for i, s := range sel {
			data[i] = renderCard(st, s, c.expand)
		}
		return &listJSON{Object: "list", Data: data, HasMore: hasMore, URL: "/v1/customers/" + cus.ID + "/sources"}, nil
	}, nil
}

func createSource(c *call) (applyFunc, *apierr.Error) {
	customerID := c.arg(0)
	c.params.Require("source")
	src := readSource(c.params)
	md := c.params.Metadata("metadata")
	c.params.Bool("validate")
	return func(st *state.State) (any, *apierr.Error) {
		var meta map[string]string
		if md != nil {
			if err := md.Validate("metadata", nil); err != nil {
				return nil, err
			}
			meta = md.Apply(nil)
		}
		card, err := st.AddSource(customerID, *src, meta)
		if err != nil {
			return nil, err
		}
		return renderCard(st, card, c.expand), nil
	}, nil
}

func getSource(c *call) (applyFunc, *apierr.Error) {
	customerID, id := c.arg(0), c.arg(1)
	return func(st *state.State) (any, *apierr.Error) {
		_, card, err := customerCard(st, customerID, id)
		if err != nil {
			return nil, err
		}
		return renderCard(st, card, c.expand), nil
	}, nil
}
