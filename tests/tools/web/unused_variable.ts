// Deliberately wrong: declares a variable it never reads. `npm run lint` (eslint with no
// warnings allowed) over a copy of web/ with this file added must reject it
// (tests/CMakeLists.txt checks that it does); it is never part of the UI.
export function total(values: number[]): number {
  const unusedCount = values.length;
  return values.reduce((sum, value) => sum + value, 0);
}
