package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/state"
)

// testClockObject is the test clock's object type, which is also the name
// expand[] validation knows it by.
const testClockObject = "test_helpers.test_clock"

func registerTestClocks(rt *router) {
	rt.add("POST", "/v1/test_helpers/test_clocks", testClockObject, false, createTestClock)
	rt.add("GET", "/v1/test_helpers/test_clocks", testClockObject, true, listTestClocks)
	rt.add("GET", "/v1/test_helpers/test_clocks/{test_clock}", testClockObject, false, getTestClock)
	rt.add("DELETE", "/v1/test_helpers/test_clocks/{test_clock}", testClockObject, false, deleteTestClock)
	rt.add("POST", "/v1/test_helpers/test_clocks/{test_clock}/advance", testClockObject, false, advanceTestClock)
}

func createTestClock(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	r.Require("frozen_time")
	var p state.TestClockParams
	if ft := r.Timestamp("frozen_time"); ft != nil {
		p.FrozenTime = *ft
	}
	p.Name = r.StringMax("name", 300)
	return func(st *state.State) (any, *apierr.Error) {
		return renderTestClock(st.CreateTestClock(p)), nil
	}, nil
}

func getTestClock(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		tc, err := st.TestClock(id)
		if err != nil {
			return nil, err
		}
		return renderTestClock(tc), nil
	}, nil
}

func deleteTestClock(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		tc, err := st.DeleteTestClock(id)
		if err != nil {
			return nil, err
		}
		return &deletedJSON{ID: tc.ID, Object: testClockObject, Deleted: true}, nil
	}, nil
}

func advanceTestClock(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	r.Require("frozen_time")
	var frozen int64
	if ft := r.Timestamp("frozen_time"); ft != nil {
		frozen = *ft
	}
	return func(st *state.State) (any, *apierr.Error) {
		tc, err := st.AdvanceTestClock(id, frozen)
		if err != nil {
			return nil, err
		}
		return renderTestClock(tc), nil
	}, nil
}

func listTestClocks(c *call) (applyFunc, *apierr.Error) {
	page := readPage(c.params)
	return func(st *state.State) (any, *apierr.Error) {
		q, err := pageQuery(page, "test clock", func(id string) (*state.TestClock, bool) {
			tc, err := st.TestClock(id)
			return tc, err == nil
		})
		if err != nil {
			return nil, err
		}
		return renderList("/v1/test_helpers/test_clocks", st.ListTestClocks(q), func(tc *state.TestClock) any {
			return renderTestClock(tc)
		}), nil
	}, nil
}

// testClockJSON is the test_helpers.test_clock object of 2023-10-16, which
// has no status_details yet.
type testClockJSON struct {
	ID           string  `json:"id"`
	Object       string  `json:"object"`
	Created      int64   `json:"created"`
	DeletesAfter int64   `json:"deletes_after"`
	FrozenTime   int64   `json:"frozen_time"`
	Livemode     bool    `json:"livemode"`
	Name         *string `json:"name"`
	Status       string  `json:"status"`
}

func renderTestClock(tc *state.TestClock) *testClockJSON {
	return &testClockJSON{
		ID:           tc.ID,
		Object:       testClockObject,
		Created:      tc.Created,
		DeletesAfter: tc.DeletesAfter,
		FrozenTime:   tc.FrozenTime().Unix(),
		Name:         tc.Name,
		Status:       tc.Status,
	}
}
