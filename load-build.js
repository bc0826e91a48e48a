// Loading the build, for server.js and sender.js: where it is, and a bad configuration value at
// start-up stopped with one line naming it.
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
// BUILD_DIR lets test runs build into a folder of their own; everyone else uses build/.
export const buildDir = path.resolve(root, process.env.BUILD_DIR || "build");
export const serverBuild = path.join(buildDir, "server/index.js");

/** The server build, imported by `load` (in development Vite's; otherwise the build's own file). */
export async function loadBuild(load = () => import(serverBuild)) {
  try {
    return await load();
  } catch (error) {
    if (error?.constructor?.name === "EnvError") {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
