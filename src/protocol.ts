// The protocol moved to src/core/protocol.ts (it is pure); this keeps `../protocol` imports working.
export * from './core/protocol';
