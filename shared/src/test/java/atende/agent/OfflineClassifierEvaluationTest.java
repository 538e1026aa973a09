package atende.agent;

/**
 * Runs the {@link OfflineClassifierEvaluation} accuracy gates in the normal {@code mvn test}
 * (Surefire only picks up classes named {@code *Test} by default); the report itself is printed by
 * the command documented at the top of {@link OfflineClassifierEvaluation}.
 */
class OfflineClassifierEvaluationTest extends OfflineClassifierEvaluation {}
