// Serves the fixture charts as a chart repository for the demo (npm start), in the
// background: prints the URL, then keeps serving until killed.
import { startChartRepository } from "../src/playground/chart-repository.ts";

const helm = process.argv[2];
const charts = process.argv[3];
if (!helm || !charts) {
  process.stderr.write("usage: node scripts/demo-chart-repo.ts HELM_BIN CHARTS_DIR\n");
  process.exit(2);
}
const repository = await startChartRepository(helm, charts);
process.stdout.write(`${repository.url}\n`);
const stop = () => repository.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
