package httpapi

import (
	"net/url"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerWebhookEndpoints(rt *router) {
	rt.add("POST", "/v1/webhook_endpoints", "webhook_endpoint", false, createWebhookEndpoint)
	rt.add("GET", "/v1/webhook_endpoints", "webhook_endpoint", true, listWebhookEndpoints)
	rt.add("GET", "/v1/webhook_endpoints/{webhook_endpoint}", "webhook_endpoint", false, getWebhookEndpoint)
	rt.add("POST", "/v1/webhook_endpoints/{webhook_endpoint}", "webhook_endpoint", false, updateWebhookEndpoint)
	rt.add("DELETE", "/v1/webhook_endpoints/{webhook_endpoint}", "webhook_endpoint", false, deleteWebhookEndpoint)
}

// readWebhookEndpointParams reads what create and update share.
func readWebhookEndpointParams(r *form.Reader) state.WebhookEndpointParams {
	var p state.WebhookEndpointParams
	if u := r.StringMax("url", 5000); u != nil {
		if !validWebhookURL(*u) {
			r.Fail(apierr.Invalid("url_invalid", "url", "Not a valid URL"))
		}
		p.URL = u
	}
	if events, ok := r.Strings("enabled_events"); ok {
		if len(events) == 0 {
			r.Fail(apierr.InvalidEmptyString("enabled_events"))
		}
		for i, t := range events {
			if !eventTypes[t] {
				r.Fail(apierr.InvalidEnum("enabled_events["+itoa(int64(i))+"]", eventTypeList))
				break
			}
		}
		p.EnabledEvents = events
	}
	p.Description = r.StringMax("description", 5000)
	p.Metadata = r.Metadata("metadata")
	return p
}

// validWebhookURL accepts absolute http and https URLs. Stripe also demands
// a publicly reachable host; a fake for tests must accept loopback ones.
func validWebhookURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func createWebhookEndpoint(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	r.Require("enabled_events", "url")
	p := readWebhookEndpointParams(r)
	// Events are rendered at 2023-10-16 only, so an endpoint asking for
	// another version is refused rather than sent a shape it did not ask for.
	if v := r.StringMax("api_version", 5000); v != nil && *v != eventAPIVersion {
		r.Fail(apierr.Invalidf("api_version", "fakestripe renders events at %s only, so it cannot make an endpoint for version %s.", eventAPIVersion, *v))
	} else {
		p.APIVersion = v
	}
	if connect := r.Bool("connect"); connect != nil && *connect {
		r.Fail(apierr.Invalid("", "connect", "Connect is not supported by fakestripe: an endpoint for connected accounts' events needs connected accounts, which the fake does not have."))
	}
	return func(st *state.State) (any, *apierr.Error) {
		e, err := st.CreateWebhookEndpoint(p)
		if err != nil {
			return nil, err
		}
		// The secret is shown once, at creation, as on Stripe.
		return renderWebhookEndpoint(e, true), nil
	}, nil
}

func getWebhookEndpoint(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		e, err := st.WebhookEndpoint(id)
		if err != nil {
			return nil, err
		}
		return renderWebhookEndpoint(e, false), nil
	}, nil
}

func updateWebhookEndpoint(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	p := readWebhookEndpointParams(c.params)
	p.Disabled = c.params.Bool("disabled")
	return func(st *state.State) (any, *apierr.Error) {
		e, err := st.UpdateWebhookEndpoint(id, p)
		if err != nil {
			return nil, err
		}
		return renderWebhookEndpoint(e, false), nil
	}, nil
}

func deleteWebhookEndpoint(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		e, err := st.DeleteWebhookEndpoint(id)
		if err != nil {
			return nil, err
		}
		return &deletedJSON{ID: e.ID, Object: "webhook_endpoint", Deleted: true}, nil
	}, nil
}

func listWebhookEndpoints(c *call) (applyFunc, *apierr.Error) {
	page := readPage(c.params)
	return func(st *state.State) (any, *apierr.Error) {
		q, err := pageQuery(page, "webhook endpoint", func(id string) (*state.WebhookEndpoint, bool) {
			e, err := st.WebhookEndpoint(id)
			return e, err == nil
		})
		if err != nil {
			return nil, err
		}
		return renderList("/v1/webhook_endpoints", st.ListWebhookEndpoints(q), func(e *state.WebhookEndpoint) any {
			return renderWebhookEndpoint(e, false)
		}), nil
	}, nil
}

// webhookEndpointJSON is the webhook_endpoint object of 2023-10-16.
type webhookEndpointJSON struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	APIVersion    *string           `json:"api_version"`
	Application   *string           `json:"application"`
	Created       int64             `json:"created"`
	Description   *string           `json:"description"`
	EnabledEvents []string          `json:"enabled_events"`
	Livemode      bool              `json:"livemode"`
	Metadata      map[string]string `json:"metadata"`
	Secret        string            `json:"secret,omitempty"`
	Status        string            `json:"status"`
	URL           string            `json:"url"`
}

func renderWebhookEndpoint(e *state.WebhookEndpoint, withSecret bool) *webhookEndpointJSON {
	out := &webhookEndpointJSON{
		ID:            e.ID,
		Object:        "webhook_endpoint",
		APIVersion:    e.APIVersion,
		Created:       e.Created,
		Description:   e.Description,
		EnabledEvents: e.EnabledEvents,
		Metadata:      e.Metadata,
		Status:        "enabled",
		URL:           e.URL,
	}
	if e.Disabled {
		out.Status = "disabled"
	}
	if withSecret {
		out.Secret = e.Secret
	}
	return out
}
