package fakestripe

import "github.com/fakestripe/fakestripe/internal/state"

// CompleteAuthentication finishes the 3-D Secure authentication that a
// PaymentIntent in status requires_action is waiting for, as its customer
// would in their browser: succeed passes the challenge, !succeed fails it.
//
// After a success the payment proceeds: the card is charged and the
// PaymentIntent moves to succeeded or requires_capture, or, for the cards
// that decline after authenticating (pm_card_authenticationRequiredChargeDeclinedInsufficientFunds),
// back to requires_payment_method with last_payment_error set. With
// confirmation_method=manual it moves to requires_confirmation instead, for
// the server to confirm again. After a failure it moves to
// requires_payment_method with last_payment_error.code
// payment_intent_authentication_failure. Events and webhooks follow as for
// any other change.
//
// The same is available over HTTP, as the fakestripe extension
// POST /v1/test_helpers/payment_intents/{id}/authenticate with
// outcome=succeed or outcome=fail, answering the PaymentIntent.
//
// It returns an error, and changes nothing, if there is no such
// PaymentIntent or it is not in requires_action.
func (s *Server) CompleteAuthentication(paymentIntentID string, succeed bool) error {
	var err error
	s.api.Locked(func(st *state.State) {
		if _, e := st.CompleteAuthentication(paymentIntentID, succeed); e != nil {
			err = e
		}
	})
	return err
}
