package atende.agent;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;

/** What a message is about and how urgent it is; {@code confidence} is in 0..1. */
public record Classification(Category category, Priority priority, Sentiment sentiment, double confidence) {}
