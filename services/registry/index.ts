// Public face of the registry stage: the factory the stack scripts and tests use.
export { startRegistry, type RunningRegistry, type StartRegistryOptions } from './start-registry';
export type { RegistryLogger } from './registry-logger';
