// Acknowledged effects: every 2xx the load recorded is there, and nothing is there twice.
'use strict';

const { TASK_RANK } = require('../load');
const { sample, rowsOf } = require('./common');

async function lostEffects(db, acks) {
  const holds = [...acks.holds.values()].map((h) => h.id);
  const foundHolds = new Set(
    (await rowsOf(db, `SELECT id::text FROM inventory.holds WHERE id = ANY($1::uuid[])`, [holds])).map((r) => r.id),
  );
  const releasedIds = [...acks.releases.keys()];
  const notReleased = await rowsOf(
    db,
    `SELECT id::text, status FROM inventory.holds WHERE id = ANY($1::uuid[]) AND status <> 'released'`,
    [releasedIds],
  );

  const orders = [...acks.orders.values()];
  const foundOrders = new Set(
    (await rowsOf(db, `SELECT id FROM orders.orders WHERE id = ANY($1)`, [orders.map((o) => o.id)])).map((r) => r.id),
  );
  const lineIds = orders.flatMap((o) => o.lines.map((l) => l.id));
  const foundLines = new Set(
    (await rowsOf(db, `SELECT id FROM orders.order_lines WHERE id = ANY($1)`, [lineIds])).map((r) => r.id),
  );

  const keys = [...acks.movements.keys()];
  const movementCounts = new Map(
    (
      await rowsOf(
        db,
        `SELECT reference, count(*)::int AS n FROM inventory.stock_movements WHERE reference = ANY($1) GROUP BY reference`,
        [keys],
      )
    ).map((r) => [r.reference, r.n]),
  );

  const cancelled = [...acks.cancelledLines.keys()];
  const notCancelled = await rowsOf(
    db,
    `SELECT id, status FROM orders.order_lines WHERE id = ANY($1) AND status <> 'cancelled'`,
    [cancelled],
  );
  // A requested cancel is decided: the line cancelled, or refused because its goods had left.
  const requested = [...acks.cancelRequests.keys()];
  const undecided = await rowsOf(
    db,
    `SELECT id, status, cancellation FROM orders.order_lines WHERE id = ANY($1)
       AND status NOT IN ('cancelled', 'unfulfillable') AND NOT (cancellation = 'refused' AND status IN ('shipped', 'picked_up', 'delivered', 'returned', 'refunded'))`,
    [requested],
  );

  const [{ refused }] = await rowsOf(
    db,
    `SELECT count(*)::int AS refused FROM orders.order_lines WHERE id = ANY($1) AND cancellation = 'refused'`,
    [requested],
  );

  const tasks = [...acks.taskSteps.entries()];
  const taskRows = new Map(
    (
      await rowsOf(db, `SELECT id::text, status FROM fulfilment.tasks WHERE id = ANY($1::uuid[])`, [
        tasks.map(([id]) => id),
      ])
    ).map((r) => [r.id, r.status]),
  );
  const behind = tasks.filter(([id, ack]) => {
    const status = taskRows.get(id);
    if (status === undefined) return true;
    // A later cancel or a carrier step may legitimately take a task past or off its ladder.
    if (['cancelled', 'rejected', 'expired'].includes(status)) return false;
    return (TASK_RANK[status] ?? -1) < TASK_RANK[ack.status];
  });

  const returns = [...acks.returns.values()];
  const returnRows = new Map(
    (
      await rowsOf(db, `SELECT id::text, status FROM returns.returns WHERE id = ANY($1::uuid[])`, [
        returns.map((r) => r.id),
      ])
    ).map((r) => [r.id, r.status]),
  );
  const inspected = [...acks.inspections.keys()];

  const lost = {
    holds: holds.filter((id) => !foundHolds.has(id)),
    hold_releases: notReleased.map((r) => `${r.id}:${r.status}`),
    orders: orders.filter((o) => !foundOrders.has(o.id)).map((o) => o.id),
    order_lines: lineIds.filter((id) => !foundLines.has(id)),
    movements: keys.filter((k) => !movementCounts.has(k)),
    cancels: notCancelled.map((r) => `${r.id}:${r.status}`),
    cancel_requests: undecided.map((r) => `${r.id}:${r.status}:${r.cancellation ?? 'none'}`),
    staff_steps: behind.map(([id, ack]) => `${id}:${ack.status}->${taskRows.get(id) ?? 'missing'}`),
    returns: returns
      .filter((r) => !['received', 'inspected'].includes(returnRows.get(r.id)))
      .map((r) => `${r.id}:${returnRows.get(r.id) ?? 'missing'}`),
    inspections: inspected.filter((id) => returnRows.get(id) !== 'inspected'),
  };
  const count = Object.values(lost).reduce((s, l) => s + l.length, 0);
  return {
    chaos: 'acknowledged-effects-lost',
    ok: count === 0,
    lost: count,
    acknowledged: {
      holds: holds.length,
      hold_releases: releasedIds.length,
      orders: orders.length,
      order_lines: lineIds.length,
      sales: [...acks.movements.values()].filter((m) => m.kind === 'sale').length,
      receipts: [...acks.movements.values()].filter((m) => m.kind === 'receipt').length,
      cancels: cancelled.length,
      cancel_requests: requested.length,
      cancel_requests_refused: refused,
      staff_steps: tasks.length,
      returns: returns.length,
      inspections: inspected.length,
    },
    ...Object.fromEntries(
      Object.entries(lost)
        .filter(([, l]) => l.length)
        .map(([k, l]) => [`lost_${k}`, { n: l.length, sample: sample(l) }]),
    ),
  };
}

async function doubledEffects(db, acks) {
  const keys = [...acks.movements.keys()];
  const movementDoubles = await rowsOf(
    db,
    `SELECT reference, count(*)::int AS n FROM inventory.stock_movements WHERE reference = ANY($1) GROUP BY reference HAVING count(*) > 1`,
    [keys],
  );
  const emails = [...acks.orders.values()].map((o) => o.email);
  // Every order was placed under its own key, and its key is in its customer's email.
  const orderDoubles = await rowsOf(
    db,
    `SELECT customer_email AS key, count(*)::int AS n FROM orders.orders WHERE customer_email = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
    [emails],
  );
  const unackedOrders = await rowsOf(
    db,
    `SELECT customer_email AS key, count(*)::int AS n FROM orders.orders WHERE customer_email LIKE '%@chaos.example' AND NOT customer_email = ANY($1) GROUP BY 1 HAVING count(*) > 1`,
    [emails],
  );
  // Every hold was taken by a principal of its own (one shopper session, one key). A hold's principal is
  // its owner's identity key (role/channel/locations/subject, libs/platform ownership.ts), the subject last.
  const holdDoubles = await rowsOf(
    db,
    `SELECT principal AS key, count(*)::int AS n FROM inventory.holds WHERE principal LIKE '%/shopper-%' GROUP BY 1 HAVING count(*) > 1`,
  );
  const allocationOverLine = await rowsOf(
    db,
    `SELECT a.order_id, a.order_line_id, a.qty, a.consumed, ol.qty AS line_qty FROM inventory.allocations a
       JOIN orders.order_lines ol ON ol.id = a.order_line_id WHERE a.qty > ol.qty OR a.consumed > ol.qty`,
  );
  const fulfilmentLineDoubles = await rowsOf(
    db,
    `SELECT order_line_id, count(*)::int AS n FROM fulfilment.fulfilment_order_lines WHERE status <> 'moved' GROUP BY 1 HAVING count(*) > 1`,
  );
  const consumptionOverLine = await rowsOf(
    db,
    `SELECT c.order_line_id, sum(c.qty)::int AS consumed, min(ol.qty) AS line_qty FROM inventory.consumptions c
       JOIN orders.order_lines ol ON ol.id = c.order_line_id GROUP BY c.order_line_id HAVING sum(c.qty) > min(ol.qty)`,
  );
  // Goods out in the ledger: never more than was picked into the fulfilment order.
  const goodsOutDoubles = await rowsOf(
    db,
    `WITH out AS (SELECT reference, sku, sum(quantity)::int AS qty FROM inventory.stock_movements WHERE type = 'fulfilment' GROUP BY 1, 2),
          picked AS (SELECT fulfilment_order_id::text AS reference, sku, sum(coalesce(picked_qty, qty))::int AS qty
                       FROM fulfilment.fulfilment_order_lines WHERE status = 'picked' GROUP BY 1, 2)
     SELECT o.reference, o.sku, o.qty AS moved, coalesce(p.qty, 0) AS picked FROM out o LEFT JOIN picked p USING (reference, sku)
      WHERE o.qty > coalesce(p.qty, 0)`,
  );
  const returnDoubles = await rowsOf(
    db,
    `SELECT rl.order_line_id, count(*)::int AS n FROM returns.return_lines rl JOIN returns.returns r ON r.id = rl.return_id
      WHERE r.status <> 'cancelled' GROUP BY 1 HAVING count(*) > 1`,
  );
  // A restock per inspected unit, once: the ledger's return movements against the dispositions.
  const restockDoubles = await rowsOf(
    db,
    `WITH moved AS (SELECT reference, sum(quantity)::int AS qty FROM inventory.stock_movements WHERE type IN ('return_restock', 'return_damaged') GROUP BY 1),
          decided AS (SELECT 'return:' || return_id AS reference, sum(qty)::int AS qty FROM returns.dispositions WHERE disposition IN ('restock', 'damaged') GROUP BY 1)
     SELECT m.reference, m.qty AS moved, coalesce(d.qty, 0) AS decided FROM moved m LEFT JOIN decided d USING (reference) WHERE m.qty > coalesce(d.qty, 0)`,
  );
  const found = {
    movements_per_key: movementDoubles,
    orders_per_key: [...orderDoubles, ...unackedOrders],
    holds_per_key: holdDoubles,
    allocation_over_line: allocationOverLine,
    fulfilment_lines_per_line: fulfilmentLineDoubles,
    consumption_over_line: consumptionOverLine,
    goods_out_over_picked: goodsOutDoubles,
    returns_per_line: returnDoubles,
    restocks_over_dispositions: restockDoubles,
  };
  const count = Object.values(found).reduce((s, l) => s + l.length, 0);
  return {
    chaos: 'effects-doubled',
    ok: count === 0,
    doubled: count,
    ...Object.fromEntries(
      Object.entries(found).map(([k, l]) => [k, l.length ? { n: l.length, sample: sample(l) } : 0]),
    ),
  };
}

module.exports = { lostEffects, doubledEffects };
