// Nothing may escape into the host: an unhandled rejection or an uncaught exception during a case fails it.
export interface EscapeGuard {
  escaped: unknown[];
  dispose(): void;
}

export function guardEscapes(): EscapeGuard {
  const escaped: unknown[] = [];
  const onRejection = (reason: unknown) => escaped.push(reason);
  const onException = (error: unknown) => escaped.push(error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    escaped,
    dispose() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
