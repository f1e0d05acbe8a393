// Ownership of everything that must stop: timers, listeners, panels. Shaped like vscode.Disposable so both mix,
// but free of `vscode` so the API layer and the monitor can use it in plain Node.

export interface IDisposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (!done) {
        done = true;
        fn();
      }
    },
  };
}

export function disposeAll(items: Iterable<IDisposable>): void {
  for (const d of items) {
    try {
      d.dispose();
    } catch {
      // one failing disposer must not keep the others alive
    }
  }
}

/** Base for long-lived objects: everything `_register`ed is disposed with it, in reverse order. */
export abstract class Disposable implements IDisposable {
  private readonly _toDispose: IDisposable[] = [];
  private _isDisposed = false;

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  protected _register<T extends IDisposable>(d: T): T {
    if (this._isDisposed) d.dispose();
    else this._toDispose.push(d);
    return d;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    disposeAll(this._toDispose.splice(0).reverse());
  }
}
