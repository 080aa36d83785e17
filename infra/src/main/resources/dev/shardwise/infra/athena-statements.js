// CloudFormation custom resource (CDK Provider framework): runs Athena statements in a work group at
// deploy time, one after another, each awaited, so that a view whose SQL Athena rejects fails the
// deploy with Athena's own reason instead of surfacing at the first query.
//
// Properties: WorkGroup, Database, Statements (list of SQL). Create and Update run every statement
// (they are CREATE OR REPLACE); Delete runs nothing (deleting the Glue database removes its views).
"use strict";

const POLL_START_MS = 250;
const POLL_MAX_MS = 5000;

function makeHandler(athena, sleep) {
  async function run(sql, props) {
    const started = await athena.startQueryExecution({
      QueryString: sql,
      WorkGroup: props.WorkGroup,
      QueryExecutionContext: { Database: props.Database },
    });
    const id = started.QueryExecutionId;
    for (let delay = POLL_START_MS; ; delay = Math.min(delay * 2, POLL_MAX_MS)) {
      await sleep(delay);
      const { QueryExecution } = await athena.getQueryExecution({ QueryExecutionId: id });
      const status = QueryExecution.Status;
      if (status.State === "SUCCEEDED") {
        return;
      }
      if (status.State === "FAILED" || status.State === "CANCELLED") {
        const first = sql.trim().split("\n").find((l) => !l.startsWith("--")) || sql;
        throw new Error(
          `Athena ${status.State} ${id}: ${status.StateChangeReason || "no reason given"} [${first.trim()}]`,
        );
      }
    }
  }

  return async function handler(event) {
    const props = event.ResourceProperties;
    const physicalId = event.PhysicalResourceId || `athena-statements/${props.WorkGroup}/${props.Database}`;
    if (event.RequestType !== "Delete") {
      for (const sql of props.Statements) {
        await run(sql, props);
      }
    }
    return { PhysicalResourceId: physicalId, Data: { Statements: String(props.Statements.length) } };
  };
}

function defaultAthena() {
  const sdk = require("@aws-sdk/client-athena");
  const client = new sdk.AthenaClient({});
  return {
    startQueryExecution: (input) => client.send(new sdk.StartQueryExecutionCommand(input)),
    getQueryExecution: (input) => client.send(new sdk.GetQueryExecutionCommand(input)),
  };
}

let defaultHandler;
exports.handler = async (event) => {
  if (!defaultHandler) {
    defaultHandler = makeHandler(defaultAthena(), (ms) => new Promise((r) => setTimeout(r, ms)));
  }
  return defaultHandler(event);
};
exports.makeHandler = makeHandler;
