// Starts `guidelint lsp` for JSON documents. The server decides which documents are guidelines
// (selected by guidelint.toml's [files], or declaring "format": "guidelint/1"); other JSON files get
// nothing from it.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("guidelint");
  const command = settings.get("path", "guidelint");
  const args = ["lsp", ...settings.get("args", [])];
  client = new LanguageClient(
    "guidelint",
    "guidelint",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "json" },
        { scheme: "untitled", language: "json" },
        { scheme: "file", language: "jsonc" },
      ],
      synchronize: {
        // The server reloads guidelint.toml when it changes.
        fileEvents: vscode.workspace.createFileSystemWatcher("**/guidelint.toml"),
      },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
