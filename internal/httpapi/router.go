package httpapi

import "strings"

// route is one endpoint: a method, a path pattern whose {name} segments
// match one path segment each, the handler, and what it returns, which
// decides the expand[] paths it accepts.
type route struct {
	pattern  string // "POST /v1/charges/{charge}/capture", how faults and the request log name it
	method   string
	segments []string
	handle   handlerFunc
	object   string // object type of the response, for expand[] validation
	list     bool   // the response is a list or search result of object
}

// router matches requests against routes in registration order, so literal
// routes registered first (/v1/customers/search) win over patterns
// (/v1/customers/{customer}).
type router struct {
	routes []route
}

func (rt *router) add(method, pattern, object string, list bool, h handlerFunc) {
	rt.routes = append(rt.routes, route{
		pattern:  method + " " + pattern,
		method:   method,
		segments: strings.Split(strings.Trim(pattern, "/"), "/"),
		handle:   h,
		object:   object,
		list:     list,
	})
}

// match finds the route for method and path and the values of its {name}
// segments, in order.
func (rt *router) match(method, path string) (*route, []string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if strings.HasSuffix(path, "/") && path != "/" {
		// "/v1/customers/" is not "/v1/customers" on Stripe.
		return nil, nil
	}
	for i := range rt.routes {
		r := &rt.routes[i]
		if r.method != method || len(r.segments) != len(parts) {
			continue
		}
		var args []string
		ok := true
		for j, seg := range r.segments {
			if strings.HasPrefix(seg, "{") {
				if parts[j] == "" {
					ok = false
					break
				}
				args = append(args, parts[j])
				continue
			}
			if seg != parts[j] {
				ok = false
				break
			}
		}
		if ok {
			return r, args
		}
	}
	return nil, nil
}

// Routes returns every route's pattern, in registration order.
func (a *API) Routes() []string {
	out := make([]string, len(routes.routes))
	for i, r := range routes.routes {
		out[i] = r.pattern
	}
	return out
}
