// A minimal event emitter with the same call shape as vscode.Event, for layers that may not import `vscode`.
import type { IDisposable } from './lifecycle';

export type Event<T> = (listener: (e: T) => void) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // a throwing consumer must not break the producer or the other consumers
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
