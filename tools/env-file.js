// Reads KEY=VALUE lines (the format of .env.example); comments and blank lines are skipped.
const fs = require('node:fs');

function readEnvFile(file) {
  if (!fs.existsSync(file)) return {};
  const vars = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[2] !== '') vars[match[1]] = match[2];
  }
  return vars;
}

module.exports = { readEnvFile };
