package state

import (
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/cards"
)

// Card is a card source: one made from a test token, attached to a customer
// or used once for a charge.
type Card struct {
	ID       string
	Customer string      // "" for a card used directly on a charge
	Info     *cards.Card // shared with the cards table: never modified in place
	Metadata map[string]string
}

// Source returns the card with id.
func (st *State) Source(id string) (*Card, bool) {
	c, ok := st.sources[id]
	return c, ok
}

// cardFromSource resolves a source parameter (a test token, a test
// PaymentMethod id or a raw test card number is not accepted here) into a new,
// unsaved card. It writes nothing, so callers can still fail afterwards.
func (st *State) cardFromSource(src, param string) (*Card, *apierr.Error) {
	switch {
	case strings.HasPrefix(src, "tok_"), strings.HasPrefix(src, "pm_card_"):
		info, ok := cards.Shared(src)
		if !ok {
			noun := "token"
			if strings.HasPrefix(src, "pm_") {
				noun = "PaymentMethod"
			}
			return nil, apierr.NoSuchObject(noun, src, param)
		}
		// Metadata stays nil until set (it renders as {}): most cards are
		// one-off charge sources, and an empty map per charge adds up.
		return &Card{Info: info}, nil
	case strings.HasPrefix(src, "card_"), strings.HasPrefix(src, "src_"):
		return nil, apierr.NoSuchObject("source", src, param)
	}
	return nil, apierr.NoSuchObject("source", src, param)
}

// attachCard saves card as one of c's sources. Cards that Stripe refuses to
// attach (the decline-table cards) are refused by the caller beforehand via
// checkAttachable.
func (st *State) attachCard(c *Customer, card *Card) {
	card.ID = st.NewID("card")
	card.Customer = c.ID
	st.sources[card.ID] = card
	c.Sources = append(c.Sources, card.ID)
}

// checkAttachable reports the card error Stripe gives when a declining test
// card is attached to a customer: the same error its charge would get.
func checkAttachable(card *Card) *apierr.Error {
	if card.Info.AttachFails && card.Info.Decline != nil {
		return declineError(card.Info.Decline, "")
	}
	return nil
}

// declineError is the 402 card_error a declined card produces.
func declineError(d *cards.Decline, chargeID string) *apierr.Error {
	return &apierr.Error{
		Status:      402,
		Type:        apierr.TypeCard,
		Code:        d.Code,
		DeclineCode: d.DeclineCode,
		Param:       d.Param,
		Message:     d.Message,
		Charge:      chargeID,
	}
}

// AddSource attaches a new card made from src to the customer; the first
// card becomes the default source.
func (st *State) AddSource(customerID, src string, md map[string]string) (*Card, *apierr.Error) {
	c, err := st.liveCustomer(customerID, "customer")
	if err != nil {
		return nil, err
	}
	card, err := st.cardFromSource(src, "source")
	if err != nil {
		return nil, err
	}
	if err := checkAttachable(card); err != nil {
		return nil, err
	}
	if md != nil {
		card.Metadata = md
	}
	prev := *c
	st.attachCard(c, card)
	st.emit("customer.source.created", card, nil)
	if c.DefaultSource == "" {
		c.DefaultSource = card.ID
		st.emit("customer.updated", c, &prev)
	}
	return card, nil
}

// CustomerSources returns the customer's cards, newest first, as Stripe lists
// them.
func (st *State) CustomerSources(c *Customer) []*Card {
	out := make([]*Card, 0, len(c.Sources))
	for i := len(c.Sources) - 1; i >= 0; i-- {
		out = append(out, st.sources[c.Sources[i]])
	}
	return out
}
