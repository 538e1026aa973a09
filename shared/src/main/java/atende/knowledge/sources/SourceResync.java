package atende.knowledge.sources;

/** The daily resync: asks every enabled URL source to sync again, as an operator's {@code resync: true} does. */
public final class SourceResync {
  private final SourceStore store;

  public SourceResync(SourceStore store) {
    this.store = store;
  }

  /** How many sources were asked. */
  public int requestAll() {
    int asked = 0;
    for (KnowledgeSource source : store.sources()) {
      if (source.enabled() && source.url() != null && !source.resync() && store.requestResync(source.id())) asked++;
    }
    return asked;
  }
}
