// The order journey: nothing stuck, and every line's status agrees across the services.
'use strict';

const { SAMPLE, sample, rowsOf } = require('./common');

async function stuckOrders(db) {
  const placed = await rowsOf(db, `SELECT id FROM orders.orders WHERE status = 'placed' ORDER BY placed_at`);
  // Accepted while orders had not heard of its hold or store yet: must have been placed (or cancelled) by now.
  const pending = await rowsOf(db, `SELECT id FROM orders.orders WHERE status = 'pending' ORDER BY placed_at`);
  const sourcing = await rowsOf(
    db,
    `SELECT order_id, order_line_id, status FROM fulfilment.order_lines WHERE status IN ('sourcing', 'requested')`,
  );
  const unanswered = await rowsOf(
    db,
    `SELECT request_id::text FROM fulfilment.allocation_requests WHERE status = 'pending'`,
  );
  return {
    chaos: 'orders-stuck-at-placed',
    ok: placed.length === 0 && pending.length === 0,
    orders: placed.length,
    sample: sample(placed.map((r) => r.id)),
    still_pending: pending.length,
    pending_sample: sample(pending.map((r) => r.id)),
    fulfilment_lines_still_sourcing: sourcing.length,
    allocation_requests_pending: unanswered.length,
  };
}

/**
 * Where each order line stands at orders must be what fulfilment's task for it (and returns and
 * inventory) say. One row per disagreement, with its kind.
 */
async function statusAgreement(db) {
  const rows = await rowsOf(
    db,
    `WITH cur AS (
       SELECT DISTINCT ON (fol.order_line_id) fol.order_line_id, fol.status AS fol_status, t.status AS task_status, t.id::text AS task_id
         FROM fulfilment.fulfilment_order_lines fol JOIN fulfilment.tasks t ON t.fulfilment_order_id = fol.fulfilment_order_id
        WHERE fol.status <> 'moved' ORDER BY fol.order_line_id, t.created_at DESC)
     SELECT ol.order_id, ol.id AS line_id, ol.status AS order_status, fl.status AS saga_status, cur.task_status, cur.fol_status, a.status AS allocation_status, a.reserved,
       CASE
         WHEN ol.status = 'pending' THEN 'still pending'
         -- An order cancelled while pending was never placed: fulfilment need not hear of it.
         WHEN fl.order_id IS NULL AND (ol.status <> 'cancelled' OR EXISTS (
           SELECT 1 FROM orders.outbox o WHERE o.aggregateid = ol.order_id AND o.type = 'orders.order-placed')) THEN 'fulfilment never heard of the line'
         WHEN fl.order_id IS NULL THEN NULL
         WHEN (ol.status = 'cancelled') <> (fl.status = 'cancelled') THEN 'cancelled at one side only'
         WHEN (ol.status = 'unfulfillable') <> (fl.status = 'unfulfillable') THEN 'unfulfillable at one side only'
         WHEN cur.task_status IN ('to_pick', 'to_pack', 'packed') AND ol.status <> 'in_fulfilment' THEN 'task in progress, order not in_fulfilment'
         WHEN cur.task_status = 'ready_for_pickup' AND ol.status <> 'ready_for_pickup' THEN 'task ready_for_pickup, order line not'
         WHEN cur.task_status = 'picked_up' AND ol.status NOT IN ('picked_up', 'returned', 'refunded') THEN 'task picked_up, order line not'
         WHEN cur.task_status IN ('shipped', 'delivered') AND ol.status NOT IN ('shipped', 'delivered', 'returned', 'refunded') THEN 'shipped, order not shipped'
         WHEN cur.task_status = 'cancelled' AND ol.status <> 'cancelled' THEN 'task cancelled, order line not'
         WHEN ol.status = 'cancelled' AND cur.task_status IN ('to_pick', 'to_pack', 'packed', 'ready_for_pickup') THEN 'order line cancelled, task still live'
         WHEN ol.status IN ('in_fulfilment', 'ready_for_pickup') AND cur.task_status IS NULL THEN 'order in fulfilment, no task'
         WHEN ol.status IN ('placed', 'allocated') THEN 'line never reached a task'
         WHEN ol.status IN ('picked_up', 'shipped', 'delivered', 'returned', 'refunded') AND coalesce(a.status, 'none') <> 'consumed' THEN 'goods left, allocation not consumed'
         WHEN ol.status IN ('cancelled', 'unfulfillable') AND coalesce(a.reserved, 0) > 0 THEN 'closed line still reserving'
       END AS mismatch
       FROM orders.order_lines ol
       LEFT JOIN fulfilment.order_lines fl ON fl.order_id = ol.order_id AND fl.order_line_id = ol.id
       LEFT JOIN cur ON cur.order_line_id = ol.id
       LEFT JOIN inventory.allocations a ON a.order_id = ol.order_id AND a.order_line_id = ol.id`,
  );
  const returns = await rowsOf(
    db,
    `WITH r AS (
       SELECT rl.return_id::text AS return_id, rl.order_line_id, coalesce(rl.received_qty, 0) AS received, coalesce(rl.refund_qty, 0) AS refunded
         FROM returns.return_lines rl JOIN returns.returns x ON x.id = rl.return_id WHERE x.status IN ('received', 'inspected'))
     SELECT r.return_id, r.order_line_id, r.received, r.refunded, o.received_qty AS orders_received, o.refunded_qty AS orders_refunded
       FROM r LEFT JOIN orders.order_return_lines o ON o.return_id = r.return_id AND o.order_line_id = r.order_line_id
      WHERE o.return_id IS NULL OR o.received_qty <> r.received OR o.refunded_qty <> r.refunded`,
  );
  const mismatches = rows.filter((r) => r.mismatch);
  // An order fulfilment never heard of: was its order-placed sent, and did anyone take it in?
  const unheard = mismatches.filter((m) => m.mismatch === 'fulfilment never heard of the line').slice(0, SAMPLE);
  const diagnosis = [];
  for (const m of unheard) {
    const [event] = await rowsOf(
      db,
      `SELECT id::text, sent_at, created_at FROM orders.outbox WHERE aggregateid = $1 AND type = 'orders.order-placed'`,
      [m.order_id],
    );
    const inbox = event
      ? await rowsOf(
          db,
          `SELECT 'fulfilment' AS service, consumer FROM fulfilment.inbox WHERE event_id = $1::uuid
           UNION ALL SELECT 'returns', consumer FROM returns.inbox WHERE event_id = $1::uuid`,
          [event.id],
        )
      : [];
    const [sourced] = await rowsOf(db, `SELECT created_at FROM fulfilment.sourced_orders WHERE order_id = $1`, [
      m.order_id,
    ]);
    const [known] = await rowsOf(db, `SELECT count(*)::int AS n FROM returns.order_lines WHERE order_id = $1`, [
      m.order_id,
    ]);
    const timeline = await rowsOf(
      db,
      `SELECT step, occurred_at FROM orders.order_timeline WHERE order_id = $1 ORDER BY seq`,
      [m.order_id],
    );
    diagnosis.push({
      order_id: m.order_id,
      order_placed_event: event ? { id: event.id, created_at: event.created_at, sent_at: event.sent_at } : null,
      taken_in_by: inbox.map((r) => `${r.service}/${r.consumer}`),
      fulfilment_sourced_order: !!sourced,
      returns_knows_lines: known.n,
      timeline: timeline.map((t) => `${t.step}@${new Date(t.occurred_at).toISOString()}`),
    });
  }
  const kinds = {};
  for (const m of mismatches) kinds[m.mismatch] = (kinds[m.mismatch] ?? 0) + 1;
  if (returns.length) kinds['returns and orders disagree on a return'] = returns.length;
  return {
    chaos: 'order-status-agrees',
    ok: mismatches.length === 0 && returns.length === 0,
    lines: rows.length,
    mismatches: mismatches.length + returns.length,
    kinds,
    sample: sample([...mismatches, ...returns]),
    ...(diagnosis.length ? { never_heard_diagnosis: diagnosis } : {}),
  };
}

module.exports = { stuckOrders, statusAgreement };
