// `npm run lint`: TypeScript's recommended rules, the rules of hooks, no import cycles, and imports
// that only point down: routes → services → models → utils → db (HOUSE-STYLE.md).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import importPlugin from "eslint-plugin-import";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const down = (layer, above) => `${layer} never import ${above}: imports only point down (routes → services → models → utils → db).`;

export default defineConfig(
  { ignores: ["build/", "public/build/", "node_modules/", "data/", "tests/**/artifacts/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{js,ts,tsx}"],
    languageOptions: { globals: { ...globals.node } },
    plugins: { import: importPlugin },
    settings: {
      "import/resolver": { typescript: { project: "./tsconfig.json" }, node: true },
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import/extensions": [".js", ".ts", ".tsx"],
    },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-self-import": "error",
      "import/no-useless-path-segments": "error",
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: ["./app/models", "./app/utils", "./app/schemas", "./app/i18n"],
              from: ["./app/services", "./app/routes"],
              message: down("Models, utils, schemas and strings", "services or routes"),
            },
            { target: "./app/services", from: ["./app/routes", "./app/components"], message: down("Services", "routes or components") },
            {
              // The database is opened in one place: app/utils/db.server.ts, for the models.
              target: ["./app/!(models|utils)/**", "./app/*.{ts,tsx}", "./app/utils/!(db.server|env.server).{ts,tsx}", "./emails/**", "./server.js"],
              from: "./db",
              message: "Only app/utils/db.server.ts and app/models/ import db/.",
            },
            {
              // The env check reads DATA_DIR and DATABASE_URL as `npm run db:migrate` does, which runs without the app.
              target: "./app/utils/env.server.ts",
              from: "./db",
              except: ["./url.ts"],
              message: "Only app/utils/db.server.ts and app/models/ import db/.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Links and forms keep the reader's language (/cy/…): app/components/link.tsx wraps Remix's.
    files: ["app/**/*.tsx"],
    ignores: ["app/components/link.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@remix-run/react",
              importNames: ["Link", "NavLink", "Form"],
              message: "Import Link, NavLink and Form from ~/components/link, which keep the reader in their language.",
            },
          ],
        },
      ],
    },
  },
);
