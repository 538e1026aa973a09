package atende.knowledge.sources;

import atende.knowledge.PtText;
import atende.knowledge.sources.SourceText.Section;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A question/answer sheet, as Brazilian spreadsheets export it: {@code ;} (Excel in pt-BR, where
 * {@code ,} is the decimal mark) or {@code ,} or tab, detected on the first line, an optional Excel
 * {@code sep=} line, a byte-order mark, windows-1252 or UTF-8, quoted cells over several lines. The
 * columns are found by a header (pergunta/question/p/dúvida and resposta/answer/r, any case or
 * accents); without a recognisable header the first two columns are the question and the answer and
 * the first row is data. Each row with an answer becomes a section whose heading is the question;
 * other columns are ignored.
 */
final class CsvExtractor {

  private CsvExtractor() {}

  private static final Set<String> QUESTION_HEADERS =
      Set.of("pergunta", "perguntas", "question", "questions", "p", "q", "duvida", "duvidas");
  private static final Set<String> ANSWER_HEADERS =
      Set.of("resposta", "respostas", "answer", "answers", "r", "a");

  static SourceText extract(String csv) {
    String text = csv;
    char delimiter;
    String firstLine = text.lines().findFirst().orElse("");
    if (firstLine.strip().startsWith("sep=") && firstLine.strip().length() == 5) {
      delimiter = firstLine.strip().charAt(4);
      text = text.substring(firstLine.length()).stripLeading();
    } else {
      delimiter = delimiterOf(firstLine);
    }
    List<CSVRecord> records;
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    try (CSVParser parser = format.parse(new StringReader(text))) {
      records = parser.getRecords();
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new UnreadableSourceException("the CSV could not be read: a quoted cell is probably not closed", e);
    }
    if (records.isEmpty() || records.getFirst().size() < 2) {
      throw new UnreadableSourceException("CSV needs a question and an answer column");
    }
    int question = 0;
    int answer = 1;
    int firstRow = 0;
    CSVRecord header = records.getFirst();
    int namedQuestion = column(header, QUESTION_HEADERS);
    int namedAnswer = column(header, ANSWER_HEADERS);
    if (namedQuestion >= 0 || namedAnswer >= 0) {
      if (namedQuestion < 0 || namedAnswer < 0) {
        throw new UnreadableSourceException("CSV needs a question and an answer column (the header names only one)");
      }
      question = namedQuestion;
      answer = namedAnswer;
      firstRow = 1;
    }
    List<Section> sections = new ArrayList<>();
    for (CSVRecord row : records.subList(firstRow, records.size())) {
      String answerText = cell(row, answer);
      if (answerText.isBlank()) continue;
      String questionText = cell(row, question);
      sections.add(new Section(questionText.isBlank() ? List.of() : List.of(questionText), answerText));
    }
    if (sections.isEmpty()) {
      throw new UnreadableSourceException("the CSV has no row with an answer");
    }
    return new SourceText("", sections);
  }

  /** The most frequent of {@code ;}, {@code ,} and tab outside quotes on the first line; {@code ,} when none. */
  private static char delimiterOf(String line) {
    int semicolons = 0;
    int commas = 0;
    int tabs = 0;
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == ';') semicolons++;
      if (c == ',') commas++;
      if (c == '\t') tabs++;
    }
    if (semicolons >= commas && semicolons >= tabs && semicolons > 0) return ';';
    return tabs > commas ? '\t' : ',';
  }

  private static int column(CSVRecord header, Set<String> names) {
    for (int i = 0; i < header.size(); i++) {
      if (names.contains(PtText.fold(header.get(i)).strip())) return i;
    }
    return -1;
  }

  private static String cell(CSVRecord row, int index) {
    return index < row.size() ? row.get(index).strip() : "";
  }
}
