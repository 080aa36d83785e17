// Validates a CloudFormation template offline with @aws/cloudformation-validate and prints one JSON
// object: {"diagnostics":[{severity, ruleId, message, resource, path}], "engine": ...}.
// Exit code 0 when it ran (whatever it found), 2 when it could not run.
"use strict";
const { RegoEngine, TemplateFile } = require("@aws/cloudformation-validate");

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.js TEMPLATE.json");
  process.exit(2);
}
const engine = new RegoEngine();
try {
  const report = engine.validateStandard(new TemplateFile(file), { severityLevel: "INFO" });
  const diagnostics = report.diagnostics.map((d) => ({
    severity: d.severity,
    ruleId: d.ruleId,
    message: d.message,
    resource: d.resourceId ?? d.logicalId ?? null,
    path: d.path ?? null,
  }));
  process.stdout.write(JSON.stringify({ engine: engine.engineName(), diagnostics }) + "\n");
} finally {
  engine.free();
}
