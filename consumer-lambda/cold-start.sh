#!/usr/bin/env bash
# Cold start of the consumer: a fresh JVM loads the handler from the shaded jar and processes a
# first batch of 1,000 records (then the window's close). Firehose and S3 are loopback stubs.
# Usage: consumer-lambda/cold-start.sh [records]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=consumer-lambda/target/consumer-lambda.jar
if [ ! -f "$jar" ] || [ ! -d consumer-lambda/target/test-classes ]; then
  mvn -q -o -B -pl consumer-lambda -am package -DskipTests -Dspotless.check.skip=true
fi
echo "artifact: $jar $(du -k "$jar" | cut -f1) KiB"
cp="$jar:consumer-lambda/target/test-classes"
echo "== JVM defaults"
java -cp "$cp" dev.shardwise.consumer.ColdStart "${1:-1000}"
echo "== C1 only (-XX:TieredStopAtLevel=1: the java17 runtime default; JAVA_TOOL_OPTIONS elsewhere)"
java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$cp" dev.shardwise.consumer.ColdStart "${1:-1000}"
