// Deliberately wrong: formatted against the web UI's .prettierrc.json (double quotes, no
// spaces, a missing semicolon). `npm run format:check` over a copy of web/ with this file added
// must reject it (tests/CMakeLists.txt checks that it does); it is never part of the UI.
export const kNames=["alpha","beta"]
