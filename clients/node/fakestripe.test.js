// stripe-node 14 (pinned to API version 2023-10-16, the fake's own) against
// the standalone fakestripe server, unchanged but for its host and port.
//
// All tests share one fake account, as they would share stripe-mock: each
// asserts on the objects it made, or on differences it caused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';

import { startFake } from './harness.js';

const KEY = 'sk_test_stripe_node';

function clientFor(fake, extra = {}) {
  return new Stripe(KEY, {
    host: '127.0.0.1',
    port: fake.port,
    protocol: fake.protocol,
    maxNetworkRetries: 0,
    telemetry: false,
    ...extra,
  });
}

let fake;
let stripe;

before(async () => {
  fake = await startFake();
  stripe = clientFor(fake);
});

after(async () => {
  await fake?.stop();
});

describe('conventions', () => {
  test('the client pins 2023-10-16 and the fake echoes it', async () => {
    const balance = await stripe.balance.retrieve();
    assert.equal(balance.lastResponse.apiVersion, '2023-10-16');
    assert.equal(balance.lastResponse.headers['stripe-version'], '2023-10-16');
    assert.match(balance.lastResponse.requestId, /^req_/);
  });

  test('a live key is refused', async () => {
    await assert.rejects(stripe.customers.list({}, { apiKey: 'sk_live_nope' }), (err) => {
      assert.equal(err.type, 'StripeAuthenticationError');
      assert.equal(err.statusCode, 401);
      return true;
    });
  });
});

describe('customers', () => {
  test('create, retrieve, update, list, search and delete', async () => {
    const tag = `node-${Date.now()}`;
    const jenny = await stripe.customers.create({
      name: 'Jenny Rosen',
      email: `jenny@${tag}.example`,
      metadata: { plan: 'pro', tag },
    });
    assert.match(jenny.id, /^cus_/);
    assert.equal(jenny.object, 'customer');
    assert.equal(jenny.email, `jenny@${tag}.example`);
    assert.deepEqual(jenny.metadata, { plan: 'pro', tag });
    assert.equal(jenny.livemode, false);

    const got = await stripe.customers.retrieve(jenny.id);
    assert.equal(got.id, jenny.id);
    assert.equal(got.name, 'Jenny Rosen');

    const updated = await stripe.customers.update(jenny.id, { description: 'VIP', metadata: { plan: '' } });
    assert.equal(updated.description, 'VIP');
    assert.deepEqual(updated.metadata, { tag }, 'an empty value deletes a metadata key');

    const amy = await stripe.customers.create({ email: `amy@${tag}.example`, metadata: { tag } });

    // Auto-pagination walks pages of one, newest first.
    const listed = await stripe.customers.list({ limit: 1 }).autoPagingToArray({ limit: 1000 });
    const ids = listed.map((c) => c.id);
    assert.ok(ids.indexOf(amy.id) >= 0 && ids.indexOf(amy.id) < ids.indexOf(jenny.id), 'newest first');
    const byEmail = await stripe.customers.list({ email: `amy@${tag}.example` });
    assert.deepEqual(byEmail.data.map((c) => c.id), [amy.id]);
    assert.equal(byEmail.has_more, false);
    assert.equal(byEmail.url, '/v1/customers');

    const found = await stripe.customers.search({ query: `metadata["tag"]:"${tag}"`, limit: 1 }).autoPagingToArray({ limit: 10 });
    assert.deepEqual(found.map((c) => c.id), [amy.id, jenny.id]);
    await assert.rejects(stripe.customers.search({ query: 'nosuchfield:"x"' }), (err) => {
      assert.equal(err.type, 'StripeInvalidRequestError');
      assert.equal(err.param, 'query');
      return true;
    });

    const deleted = await stripe.customers.del(jenny.id);
    assert.deepEqual({ id: deleted.id, deleted: deleted.deleted }, { id: jenny.id, deleted: true });
    await assert.rejects(stripe.customers.retrieve('cus_nope'), (err) => {
      assert.equal(err.type, 'StripeInvalidRequestError');
      assert.equal(err.statusCode, 404);
      assert.equal(err.code, 'resource_missing');
      assert.equal(err.param, 'id');
      return true;
    });
  });
});

describe('charges', () => {
  test('create, expand, capture and list', async () => {
    const customer = await stripe.customers.create({ source: 'tok_mastercard' });
    const ch = await stripe.charges.create({
      amount: 2000,
      currency: 'usd',
      source: 'tok_visa',
      description: 'Order 42',
      expand: ['balance_transaction'],
    });
    assert.match(ch.id, /^ch_/);
    assert.equal(ch.status, 'succeeded');
    assert.equal(ch.paid, true);
    assert.equal(ch.payment_method_details.card.last4, '4242');
    assert.equal(ch.outcome.type, 'authorized');
    assert.equal(ch.balance_transaction.fee, 88, '2.9% + 30');
    assert.equal(ch.balance_transaction.net, 1912);
    assert.equal(ch.balance_transaction.status, 'pending');

    const auth = await stripe.charges.create({ amount: 1000, currency: 'usd', customer: customer.id, capture: false });
    assert.equal(auth.captured, false);
    assert.equal(auth.customer, customer.id);
    assert.equal(auth.payment_method_details.card.brand, 'mastercard');
    const captured = await stripe.charges.capture(auth.id, { amount: 600 });
    assert.equal(captured.captured, true);
    assert.equal(captured.amount_captured, 600);
    assert.equal(captured.amount_refunded, 400);
    await assert.rejects(stripe.charges.capture(auth.id), { code: 'charge_already_captured' });

    const mine = await stripe.charges.list({ customer: customer.id });
    assert.deepEqual(mine.data.map((c) => c.id), [auth.id]);
    const page = await stripe.charges.list({ limit: 2 });
    assert.deepEqual(page.data.map((c) => c.id), [auth.id, ch.id]);
  });

  for (const [token, code, declineCode, message] of [
    ['tok_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['tok_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['tok_chargeDeclinedExpiredCard', 'expired_card', undefined, 'Your card has expired.'],
  ]) {
    test(`a decline with ${token} is a StripeCardError`, async () => {
      const err = await stripe.charges.create({ amount: 1000, currency: 'usd', source: token }).then(
        () => assert.fail('the charge succeeded'),
        (e) => e,
      );
      assert.ok(err instanceof Stripe.errors.StripeCardError, `got ${err}`);
      assert.equal(err.type, 'StripeCardError');
      assert.equal(err.statusCode, 402);
      assert.equal(err.code, code);
      assert.equal(err.decline_code, declineCode);
      assert.equal(err.message, message);
      assert.match(err.requestId, /^req_/);
      assert.match(err.charge, /^ch_/);
      const failed = await stripe.charges.retrieve(err.charge);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.failure_code, code);
    });
  }
});

describe('refunds and the balance', () => {
  test('refunds move the balance and the ledger', async () => {
    const before = await stripe.balance.retrieve();
    const ch = await stripe.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa' });
    const r1 = await stripe.refunds.create({ charge: ch.id, amount: 300, reason: 'requested_by_customer' });
    assert.match(r1.id, /^re_/);
    assert.equal(r1.status, 'succeeded');
    assert.equal(r1.amount, 300);
    const r2 = await stripe.refunds.create({ charge: ch.id });
    assert.equal(r2.amount, 700);
    await assert.rejects(stripe.refunds.create({ charge: ch.id }), { code: 'charge_already_refunded' });
    await assert.rejects(stripe.refunds.create({ charge: ch.id, reason: 'because' }), {
      type: 'StripeInvalidRequestError',
      param: 'reason',
    });

    const refunds = await stripe.refunds.list({ charge: ch.id });
    assert.deepEqual(refunds.data.map((r) => r.amount), [700, 300]);
    const refunded = await stripe.charges.retrieve(ch.id);
    assert.equal(refunded.refunded, true);
    assert.equal(refunded.amount_refunded, 1000);

    const txn = await stripe.balanceTransactions.retrieve(r1.balance_transaction);
    assert.equal(txn.amount, -300);
    assert.equal(txn.type, 'refund');
    const ledger = await stripe.balanceTransactions.list({ limit: 3 });
    assert.deepEqual(ledger.data.map((t) => t.type), ['refund', 'refund', 'charge']);
    assert.equal(ledger.data[2].source, ch.id);

    // The charge's net (1000 - 59) is pending; refunds come out of the
    // available balance at once; Stripe keeps its fee.
    const after = await stripe.balance.retrieve();
    const usd = (b, kind) => b[kind].filter((a) => a.currency === 'usd').reduce((n, a) => n + a.amount, 0);
    assert.equal(usd(after, 'pending') - usd(before, 'pending'), 941);
    assert.equal(usd(after, 'available') - usd(before, 'available'), -1000);
    assert.equal(typeof after.available[0].source_types.card, 'number');
  });
});

describe('idempotency', () => {
  test('the same Idempotency-Key twice replays the first answer', async () => {
    const key = `node-idem-${Date.now()}`;
    const first = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    assert.equal(first.lastResponse.idempotencyKey, key);
    assert.equal(first.lastResponse.headers['idempotent-replayed'], undefined);
    const again = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    assert.equal(again.id, first.id, 'no second customer');
    assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(again.lastResponse.headers['original-request'], first.lastResponse.requestId);

    await assert.rejects(stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: key }), (err) => {
      assert.equal(err.type, 'StripeIdempotencyError');
      assert.equal(err.statusCode, 400);
      return true;
    });
  });
});

describe('webhooks', () => {
  let receiver;
  let received;

  before(async () => {
    received = [];
    receiver = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks), signature: req.headers['stripe-signature'] });
        res.writeHead(200).end();
      });
    });
    await new Promise((res) => receiver.listen(0, '127.0.0.1', res));
  });

  after(async () => {
    await new Promise((res) => receiver.close(res));
  });

  test("deliveries verify with stripe-node's constructEvent", async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${receiver.address().port}/hooks`,
      enabled_events: ['customer.created', 'charge.succeeded'],
    });
    assert.match(endpoint.id, /^we_/);
    assert.match(endpoint.secret, /^whsec_/);
    try {
      const customer = await stripe.customers.create({ email: 'hooked@example.com' });
      const charge = await stripe.charges.create({ amount: 1500, currency: 'usd', source: 'tok_visa' });
      // Deliveries are made before the call that caused them returns.
      assert.equal(received.length, 2, 'one delivery per subscribed event');

      const events = received.map(({ body, signature }) => stripe.webhooks.constructEvent(body, signature, endpoint.secret));
      assert.deepEqual(events.map((e) => e.type), ['customer.created', 'charge.succeeded']);
      assert.equal(events[0].data.object.id, customer.id);
      assert.equal(events[1].data.object.id, charge.id);
      assert.equal(events[1].api_version, '2023-10-16');
      assert.match(events[1].id, /^evt_/);
      const listed = await stripe.events.retrieve(events[1].id);
      assert.equal(listed.type, 'charge.succeeded');

      // A tampered body or the wrong secret is refused.
      const { body, signature } = received[1];
      const tampered = Buffer.from(body.toString().replace('"amount":1500', '"amount":1'));
      assert.throws(() => stripe.webhooks.constructEvent(tampered, signature, endpoint.secret), Stripe.errors.StripeSignatureVerificationError);
      assert.throws(() => stripe.webhooks.constructEvent(body, signature, 'whsec_wrong'), Stripe.errors.StripeSignatureVerificationError);
    } finally {
      await stripe.webhookEndpoints.del(endpoint.id);
    }
  });

  test('generateTestHeaderString round-trips', () => {
    const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'customer.created' });
    const secret = 'whsec_node_roundtrip';
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
    assert.equal(stripe.webhooks.constructEvent(payload, header, secret).id, 'evt_test');
  });
});

describe('https', () => {
  let secure;
  let dir;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fakestripe-node-'));
    const certFile = join(dir, 'cert.pem');
    secure = await startFake(['-https', '-cert-out', certFile]);
    secure.ca = await readFile(certFile);
  });

  after(async () => {
    await secure?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('stripe-node talks HTTPS to the generated certificate', async () => {
    assert.equal(secure.protocol, 'https');
    const sc = clientFor(secure, { httpAgent: new Agent({ ca: secure.ca, keepAlive: true }) });
    const c = await sc.customers.create({ email: 'tls@example.com' });
    assert.match(c.id, /^cus_/);
    const ch = await sc.charges.create({ amount: 500, currency: 'usd', customer: (await sc.customers.create({ source: 'tok_visa' })).id });
    assert.equal(ch.status, 'succeeded');
  });

  test('without the certificate the connection is refused', async () => {
    const sc = clientFor(secure);
    await assert.rejects(sc.balance.retrieve(), { type: 'StripeConnectionError' });
  });
});
