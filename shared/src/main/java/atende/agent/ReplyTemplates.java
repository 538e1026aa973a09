package atende.agent;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.evolution.MessageType;
import atende.knowledge.KnowledgeDoc;
import java.util.List;
import java.util.Locale;

/**
 * Brazilian Portuguese WhatsApp replies of the offline engine. Deterministic (the same input always
 * gives the same text) and honest: the only facts a reply states are quoted from the knowledge
 * document it is given. Without a document the reply acknowledges, says a person will follow up or
 * asks a clarifying question; it never mentions prices, deadlines, times or outcomes of its own.
 *
 * <p>WhatsApp formatting: {@code *bold*} for the document title, short paragraphs, at most one
 * emoji per message.
 */
public final class ReplyTemplates {

  private ReplyTemplates() {}

  /**
   * Longest document content quoted in one reply, in characters. Longer content is cut at the last
   * line or sentence end that fits, and "…" marks the cut.
   */
  public static final int MAX_QUOTE_CHARS = 700;

  /**
   * The answer to a customer message.
   *
   * @param classification the message's classification; null is treated as a general question
   * @param doc the best matching knowledge document, or null when none matched
   * @param firstName the customer's first name as WhatsApp reports it, or null; it is sanitised
   *     (first word, letters only, capitalised) and left out when it does not look like a name
   */
  public static String reply(Classification classification, KnowledgeDoc doc, String firstName) {
    Category category = classification == null ? Category.SUPPORT : classification.category();
    Priority priority = classification == null ? Priority.LOW : classification.priority();
    String name = firstNameOf(firstName);
    if (category == Category.PRAISE) return praiseThanks(firstName);
    if (doc != null && !doc.content().isBlank()) return withDocument(category, priority, doc, name);
    return withoutDocument(category, priority, name);
  }

  /** The holding reply sent when the conversation is handed to a person. */
  public static String escalationHolding(Classification classification, String firstName) {
    String name = firstNameOf(firstName);
    StringBuilder sb = new StringBuilder(name == null ? "Certo." : "Certo, " + name + ".");
    if (classification != null
        && (classification.category() == Category.COMPLAINT || classification.sentiment() == Sentiment.NEGATIVE)) {
      sb.append(" Sinto muito pelo transtorno.");
    } else if (classification != null && classification.priority() == Priority.CRITICAL) {
      sb.append(" Entendi a urgência.");
    }
    sb.append(" Vou transferir você para um atendente humano, que vai continuar o atendimento")
        .append(" por aqui mesmo. Só um momento, por favor. 🙏");
    return sb.toString();
  }

  /**
   * Told once per hour to a customer over the model budget (atende.guard): everything is kept, the
   * automatic answers pause until the hour ends, and writing again brings a person in (the team is told
   * when a customer keeps writing after this). No promise of an instant answer.
   */
  public static String rateLimited(String firstName) {
    return hello("Oi", firstName) + " Recebi suas mensagens e elas estão todas registradas aqui."
        + " Como chegaram muitas em pouco tempo, pausei as respostas automáticas por até uma hora."
        + " Se precisar de algo antes disso, é só mandar mais uma mensagem que uma pessoa da nossa equipe vai ver a conversa"
        + " e te responder por aqui.";
  }

  /**
   * The answer to media nobody could hear or see (the offline engine, a failed fetch, a type or size
   * the model cannot take): says what arrived, that it cannot be opened here, and asks for text. A
   * sticker alone is small talk, so it gets a light reply. Never the generic greeting.
   */
  public static String mediaNotUnderstood(List<MessageType> types, String firstName) {
    String hello = hello("Oi", firstName);
    if (!types.isEmpty() && types.stream().allMatch(t -> t == MessageType.STICKER)) {
      return hello + " Recebi sua figurinha! 😄 Se precisar de alguma coisa, é só me escrever em texto.";
    }
    MediaWords words = MediaWords.of(types);
    return hello + " Recebi " + words.what + ", mas por aqui ainda não consigo " + words.open + "."
        + " Pode me escrever em texto o que você precisa? Assim já consigo te ajudar. 🙏";
  }

  /** Added to an answer to the text of a burst whose media could not be heard or seen. */
  public static String mediaNotUnderstoodNote(List<MessageType> types) {
    MediaWords words = MediaWords.of(types);
    return "Recebi também " + words.what + ", mas por aqui não consigo " + words.open + ";"
        + " se tiver mais alguma informação, pode me escrever?";
  }

  /** The holding reply when media keeps coming that nobody could hear or see and a person takes over. */
  public static String mediaHandoff(List<MessageType> types, String firstName) {
    MediaWords words = MediaWords.of(types);
    String name = firstNameOf(firstName);
    return (name == null ? "Certo." : "Certo, " + name + ".") + " Recebi " + words.what + ", mas por aqui não consigo "
        + words.open + ". Vou chamar uma pessoa da nossa equipe para continuar o atendimento com você por aqui mesmo."
        + " Só um momento, por favor. 🙏";
  }

  /** "seu áudio" / "ouvi-lo", "sua imagem" / "vê-la", ...; several kinds are "seus arquivos" / "abri-los". */
  private record MediaWords(String what, String open) {
    static MediaWords of(List<MessageType> types) {
      List<MessageType> kinds = types.stream().distinct().toList();
      boolean several = types.size() > 1;
      if (kinds.size() != 1) return new MediaWords("seus arquivos", "abri-los");
      return switch (kinds.get(0)) {
        case AUDIO -> several ? new MediaWords("seus áudios", "ouvi-los") : new MediaWords("seu áudio", "ouvi-lo");
        case IMAGE -> several ? new MediaWords("suas imagens", "vê-las") : new MediaWords("sua imagem", "vê-la");
        case VIDEO -> several ? new MediaWords("seus vídeos", "assisti-los") : new MediaWords("seu vídeo", "assisti-lo");
        case STICKER -> several ? new MediaWords("suas figurinhas", "vê-las") : new MediaWords("sua figurinha", "vê-la");
        default -> several ? new MediaWords("seus arquivos", "abri-los") : new MediaWords("seu arquivo", "abri-lo");
      };
    }
  }

  /** The thank-you for praise. */
  public static String praiseThanks(String firstName) {
    String name = firstNameOf(firstName);
    return (name == null ? "Que bom ler isso! 😊" : "Que bom ler isso, " + name + "! 😊")
        + " Muito obrigado pelo retorno, ele é muito importante para a gente."
        + " Se precisar de alguma coisa, é só chamar por aqui.";
  }

  /**
   * The one message a customer gets when a person takes over without the AI having said so (an SLA
   * breach, a console escalation): the AI turn's own holding reply ({@link #escalationHolding}) already
   * says it otherwise.
   */
  public static String humanHandoff(String firstName) {
    return hello("Olá", firstName)
        + " Uma pessoa da nossa equipe vai continuar o seu atendimento por aqui mesmo, em breve."
        + " Obrigado pela paciência. 🙏";
  }

  /** The follow-up nudge sent when the customer went quiet after an answer. */
  public static String followUpNudge(String firstName) {
    return hello("Oi", firstName)
        + " Passando para saber: conseguiu resolver? Se ainda precisar de ajuda, é só responder"
        + " esta mensagem. 😊";
  }

  /**
   * The last message of a follow-up that got no answer (FollowUpSweep): the ticket is closed and the
   * customer knows a new message starts over.
   */
  public static String followUpClosing(String firstName) {
    return hello("Oi", firstName)
        + " Como não tivemos retorno, vou encerrar este atendimento por aqui."
        + " Se precisar de algo, é só mandar uma nova mensagem que a gente continua. 😊";
  }

  /** Asked once when a ticket is resolved (seed: NPS); a bare number in reply is the answer. */
  public static String npsQuestion(String firstName) {
    String name = firstNameOf(firstName);
    return (name == null ? "Seu atendimento foi concluído." : name + ", seu atendimento foi concluído.")
        + " De 0 a 10, quanto você recomendaria nosso atendimento a um amigo? Responda só com o número. 🙂";
  }

  /** The answer to a rating: a promoter gets thanks, anyone else also hears that it will be used. */
  public static String npsThanks(int score) {
    return score >= 9
        ? "Muito obrigado pela nota! Ficamos felizes em ajudar. 💙"
        : "Obrigado pela avaliação! Vamos usar seu retorno para melhorar. Se quiser contar mais, é só escrever.";
  }

  // ------------------------------------------------------------------------------------ answers

  private static String withDocument(Category category, Priority priority, KnowledgeDoc doc, String name) {
    StringBuilder sb = new StringBuilder(greeting(name, category == Category.COMPLAINT ? "." : "!"));
    sb.append(switch (category) {
      case TECHNICAL -> " Sinto muito pelo transtorno, vamos resolver isso.";
      case COMPLAINT -> " Sinto muito pela sua experiência.";
      case COMMERCIAL -> " Claro, seguem as informações.";
      default -> " Claro, posso ajudar com isso.";
    });
    sb.append("\n\n");
    String title = doc.title().isBlank() ? null : "*" + doc.title().strip() + "*";
    switch (doc.kind()) {
      case PROCEDURE -> sb.append(title == null ? "Veja o passo a passo:" : "Veja o passo a passo de " + title + ":");
      case POLICY -> sb.append(title == null ? "Pela nossa política:" : "Pela nossa política (" + title + "):");
      case CONTACT -> sb.append("Você pode falar com a gente por estes canais:");
      case FAQ -> sb.append(title == null ? "Veja:" : title);
    }
    sb.append('\n').append(quote(doc.content())).append('\n');
    // An entry from a source (a help page, a document) says where it came from, so the customer can read more.
    if (!doc.source().isBlank()) sb.append("_Fonte: ").append(doc.source().strip()).append("_\n");
    sb.append('\n');
    boolean problem = category == Category.TECHNICAL || category == Category.COMPLAINT
        || priority == Priority.CRITICAL || priority == Priority.HIGH;
    sb.append(problem
        ? "Se não resolver, me avise por aqui que eu chamo uma pessoa da nossa equipe para continuar com você."
        : "Isso responde sua dúvida? Se precisar de mais alguma coisa, é só falar.");
    return sb.toString();
  }

  private static String withoutDocument(Category category, Priority priority, String name) {
    if (priority == Priority.CRITICAL) {
      return greeting(name, ".") + " Entendi a gravidade da situação e registrei seu chamado como"
          + " prioridade máxima. Uma pessoa da nossa equipe técnica vai continuar o atendimento por aqui."
          + " Se puder, me diga desde quando está acontecendo e o que aparece na tela.";
    }
    return switch (category) {
      case TECHNICAL -> greeting(name, ".") + " Sinto muito pelo transtorno! Registrei sua mensagem e uma"
          + " pessoa da nossa equipe vai continuar o atendimento por aqui. Enquanto isso, se puder, me"
          + " mande mais detalhes (a mensagem de erro que aparece ou um print da tela): isso ajuda a"
          + " resolver mais rápido.";
      case COMPLAINT -> greeting(name, ".") + " Sinto muito pela sua experiência, e obrigado por nos"
          + " contar. Registrei sua mensagem e uma pessoa da nossa equipe vai continuar o atendimento"
          + " por aqui.";
      case COMMERCIAL -> priority == Priority.LOW
          ? greeting(name, "!") + " Obrigado pelo interesse. Para não te passar nenhuma informação"
              + " errada, vou pedir para uma pessoa da nossa equipe te responder por aqui."
          : greeting(name, "!") + " Entendi. Registrei sua mensagem e uma pessoa da nossa equipe vai"
              + " verificar e continuar o atendimento por aqui.";
      case PRAISE -> praiseThanks(name);
      case SUPPORT -> priority == Priority.LOW
          ? greeting(name, "!") + " 👋 Como posso te ajudar? Me conte com um pouco mais de detalhes o"
              + " que você precisa, assim consigo te orientar melhor."
          : greeting(name, "!") + " Entendi. Pode me contar com um pouco mais de detalhes o que você"
              + " está tentando fazer? Se eu não encontrar a resposta, uma pessoa da nossa equipe"
              + " continua o atendimento por aqui.";
    };
  }

  /**
   * The document content as quoted in a reply: stripped, and cut to {@link #MAX_QUOTE_CHARS} at the
   * last line or sentence end that fits ("…" marks the cut). Never rewritten.
   */
  public static String quote(String content) {
    String text = content == null ? "" : content.strip();
    if (text.length() <= MAX_QUOTE_CHARS) return text;
    String head = text.substring(0, MAX_QUOTE_CHARS);
    int cut = Math.max(head.lastIndexOf('\n'),
        Math.max(head.lastIndexOf(". "), Math.max(head.lastIndexOf("! "), head.lastIndexOf("? "))));
    if (cut < MAX_QUOTE_CHARS / 3) cut = head.lastIndexOf(' ');
    if (cut <= 0) cut = MAX_QUOTE_CHARS;
    String kept = text.substring(0, cut + (cut < text.length() && ".!?".indexOf(text.charAt(cut)) >= 0 ? 1 : 0));
    return kept.strip() + " …";
  }

  /** "Oi, Ana!" or, without a usable name, "Oi!". */
  private static String hello(String word, String firstName) {
    String name = firstNameOf(firstName);
    return name == null ? word + "!" : word + ", " + name + "!";
  }

  private static String greeting(String name, String end) {
    return name == null ? "Olá" + end : "Olá, " + name + end;
  }

  /**
   * A displayable first name from a WhatsApp push name: the first word, letters (accents, "'" and
   * "-" allowed) only, capitalised; null when nothing name-like is left (empty, digits, emojis,
   * over 20 letters).
   */
  static String firstNameOf(String raw) {
    if (raw == null) return null;
    String first = raw.strip().split("\\s+")[0];
    if (first.chars().anyMatch(Character::isDigit)) return null;
    StringBuilder sb = new StringBuilder();
    first.codePoints().filter(cp -> Character.isLetter(cp) || cp == '\'' || cp == '-').forEach(sb::appendCodePoint);
    String name = sb.toString().replaceAll("^[-']+|[-']+$", "");
    if (name.codePointCount(0, name.length()) < 2 || name.length() > 20) return null;
    Locale ptBr = Locale.of("pt", "BR");
    // "MARIA" / "maria" -> "Maria"; mixed case ("Ana-Clara", "McKenzie") is kept as written.
    String body = name.equals(name.toUpperCase(ptBr)) || name.equals(name.toLowerCase(ptBr))
        ? name.toLowerCase(ptBr) : name;
    int firstEnd = body.offsetByCodePoints(0, 1);
    return body.substring(0, firstEnd).toUpperCase(ptBr) + body.substring(firstEnd);
  }
}
