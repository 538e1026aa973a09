package atende.local;

/**
 * Runs the {@link KnowledgeRetrievalEvaluation} gates in the normal {@code mvn test} (Surefire only picks
 * up classes named {@code *Test} by default); the report itself is printed by the command documented at
 * the top of {@link KnowledgeRetrievalEvaluation}.
 */
class KnowledgeRetrievalEvaluationTest extends KnowledgeRetrievalEvaluation {}
