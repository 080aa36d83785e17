// node --test: the deploy-time Athena statement runner against a scripted fake Athena.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { makeHandler } = require(
  path.join(__dirname, "../../main/resources/dev/shardwise/infra/athena-statements.js"),
);

function fakeAthena(script) {
  const calls = [];
  let n = 0;
  return {
    calls,
    startQueryExecution: async (input) => {
      calls.push(["start", input]);
      n += 1;
      return { QueryExecutionId: `q${n}` };
    },
    getQueryExecution: async (input) => {
      calls.push(["get", input.QueryExecutionId]);
      const states = script[input.QueryExecutionId];
      const state = states.shift();
      return { QueryExecution: { Status: state } };
    },
  };
}

const event = (type, statements) => ({
  RequestType: type,
  ResourceProperties: { WorkGroup: "wg", Database: "db", Statements: statements },
});

test("create runs every statement in order and waits for each", async () => {
  const athena = fakeAthena({
    q1: [{ State: "RUNNING" }, { State: "SUCCEEDED" }],
    q2: [{ State: "QUEUED" }, { State: "RUNNING" }, { State: "SUCCEEDED" }],
  });
  const slept = [];
  const handler = makeHandler(athena, async (ms) => slept.push(ms));

  const result = await handler(event("Create", ["CREATE OR REPLACE VIEW a AS SELECT 1", "CREATE OR REPLACE VIEW b AS SELECT 2"]));

  const starts = athena.calls.filter((c) => c[0] === "start").map((c) => c[1]);
  assert.deepStrictEqual(starts, [
    { QueryString: "CREATE OR REPLACE VIEW a AS SELECT 1", WorkGroup: "wg", QueryExecutionContext: { Database: "db" } },
    { QueryString: "CREATE OR REPLACE VIEW b AS SELECT 2", WorkGroup: "wg", QueryExecutionContext: { Database: "db" } },
  ]);
  // q2 starts only after q1 succeeded
  const order = athena.calls.map((c) => (c[0] === "start" ? c[1].QueryString.slice(-1) : c[1]));
  assert.deepStrictEqual(order, ["1", "q1", "q1", "2", "q2", "q2", "q2"]);
  assert.deepStrictEqual(slept, [250, 500, 250, 500, 1000]);
  assert.strictEqual(result.PhysicalResourceId, "athena-statements/wg/db");
});

test("a failed statement fails the deploy with Athena's reason and stops", async () => {
  const athena = fakeAthena({
    q1: [{ State: "FAILED", StateChangeReason: "line 3:8: Column 'viewz' cannot be resolved" }],
  });
  const handler = makeHandler(athena, async () => {});

  await assert.rejects(
    handler(event("Update", ["-- name: v\nCREATE OR REPLACE VIEW v AS SELECT viewz FROM t", "SELECT 2"])),
    /Athena FAILED q1: line 3:8: Column 'viewz' cannot be resolved \[CREATE OR REPLACE VIEW v AS SELECT viewz FROM t\]/,
  );
  assert.strictEqual(athena.calls.filter((c) => c[0] === "start").length, 1);
});

test("delete runs nothing and keeps the physical id", async () => {
  const athena = fakeAthena({});
  const handler = makeHandler(athena, async () => {});

  const result = await handler({ ...event("Delete", ["CREATE OR REPLACE VIEW a AS SELECT 1"]), PhysicalResourceId: "kept" });

  assert.deepStrictEqual(athena.calls, []);
  assert.strictEqual(result.PhysicalResourceId, "kept");
});

test("polling backs off to five seconds", async () => {
  const running = Array.from({ length: 7 }, () => ({ State: "RUNNING" }));
  const athena = fakeAthena({ q1: [...running, { State: "SUCCEEDED" }] });
  const slept = [];
  const handler = makeHandler(athena, async (ms) => slept.push(ms));

  await handler(event("Create", ["SELECT 1"]));

  assert.deepStrictEqual(slept, [250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});
