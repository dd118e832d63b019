/** A tiny typed fan-out. A throwing listener is isolated so it cannot break the call path. */
export class EventBus<T> {
  private listeners = new Set<(event: T) => void>();

  on(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('[portcullis] event listener failed:', error);
      }
    }
  }
}
