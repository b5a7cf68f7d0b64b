// Placeholder section replaced by the IPC / event-bus benchmarks of the foundation.
export default async function run(): Promise<Record<string, unknown>> {
  return {};
}
