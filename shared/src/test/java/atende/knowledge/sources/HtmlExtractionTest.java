package atende.knowledge.sources;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.knowledge.sources.SourceText.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlExtractionTest {

  /** A help-centre page as shops publish them, saved in latin-1 as older CMSs still do. */
  static final String HELP_PAGE = """
      <!DOCTYPE html>
      <html lang="pt-BR"><head>
      <meta charset="ISO-8859-1">
      <title>Prazos e frete | Loja Exemplo - Central de Ajuda</title>
      <style>.menu { color: red } body { font-family: Arial }</style>
      <script>window.dataLayer = []; function rastrear(evento) { dataLayer.push(evento); }</script>
      </head><body>
      <header class="topo"><a href="/">Loja Exemplo</a> <div>Entrar na minha conta</div></header>
      <nav><ul><li><a href="/">Início</a></li><li><a href="/ajuda">Todas as categorias</a></li></ul></nav>
      <div id="cookie-banner" style="position: fixed; bottom: 0">Usamos cookies para melhorar sua experiência.
        <button>Aceitar todos</button></div>
      <main>
        <article>
          <header><h1>Prazos e frete</h1><span class="data">Atualizado em 10/03/2025</span></header>
          <p style="font-size: 14px; color: #333">As entregas são feitas pelos Correios e por
             transportadoras parceiras em todo o Brasil.</p>
          <h2>Prazos de entrega</h2>
          <p>O prazo começa a contar após a <strong>confirmação do pagamento</strong>.</p>
          <table>
            <tr><th>Região</th><th>Prazo</th></tr>
            <tr><td>Capitais do Sudeste</td><td>até 3 dias úteis</td></tr>
            <tr><td>Norte e Nordeste</td><td>até 10 dias úteis</td></tr>
          </table>
          <h3>Pedidos pagos com Pix</h3>
          <p>Pagamentos via Pix são confirmados em poucos minutos.<span aria-hidden="true">★</span></p>
          <h2>Frete grátis</h2>
          <ul>
            <li>Compras acima de R$ 199,00 têm frete grátis para todo o país.</li>
            <li>Não vale para itens volumosos, como <em>geladeiras</em>.</li>
          </ul>
          <div hidden>Texto de teste que ninguém vê</div>
          <script>rastrear('faq-frete');</script>
          <form action="/busca"><label>Esta resposta ajudou?</label><button>Sim</button></form>
        </article>
        <aside>Veja também: Trocas e devoluções</aside>
      </main>
      <footer><p>© 2025 Loja Exemplo Ltda. CNPJ 00.000.000/0001-00</p><a href="/privacidade">Privacidade</a></footer>
      </body></html>
      """;

  @Test
  void aHelpPageKeepsItsArticleAndLosesTheSiteAroundIt() {
    SourceText text = Extractors.extract(HELP_PAGE.getBytes(ISO_8859_1), "text/html; charset=ISO-8859-1",
        "/ajuda/prazos-e-frete");

    assertThat(text.title()).isEqualTo("Prazos e frete");
    String all = text.plainText();
    assertThat(all)
        .contains("As entregas são feitas pelos Correios e por transportadoras parceiras em todo o Brasil.")
        .contains("O prazo começa a contar após a confirmação do pagamento.")
        .contains("Região | Prazo\nCapitais do Sudeste | até 3 dias úteis\nNorte e Nordeste | até 10 dias úteis")
        .contains("- Compras acima de R$ 199,00 têm frete grátis para todo o país.\n"
            + "- Não vale para itens volumosos, como geladeiras.");
    assertThat(all).doesNotContain("Entrar na minha conta", "Início", "Todas as categorias", "cookies",
        "Aceitar", "dataLayer", "rastrear", "color", "font", "CNPJ", "Privacidade", "Veja também", "★",
        "ninguém vê", "ajudou");
    assertThat(text.sections()).extracting(Section::headings).containsExactly(
        List.of("Prazos e frete"),
        List.of("Prazos e frete", "Prazos de entrega"),
        List.of("Prazos e frete", "Prazos de entrega", "Pedidos pagos com Pix"),
        List.of("Prazos e frete", "Frete grátis"));
  }

  @Test
  void withoutAHeaderTheCharsetComesFromTheMetaTag() {
    SourceText text = Extractors.extract(HELP_PAGE.getBytes(ISO_8859_1), null, "/ajuda/prazos-e-frete");

    assertThat(text.plainText()).contains("até 3 dias úteis", "Não vale");
  }

  @Test
  void headingsBecomeTheChunkTitles() {
    List<Chunk> chunks = Chunker.chunks(
        Extractors.extract(HELP_PAGE.getBytes(ISO_8859_1), "text/html; charset=ISO-8859-1", null)).chunks();

    assertThat(chunks).extracting(Chunk::title).containsExactly(
        "Prazos e frete",
        "Prazos e frete › Prazos de entrega",
        "Prazos e frete › Prazos de entrega › Pedidos pagos com Pix",
        "Prazos e frete › Frete grátis");
  }

  @Test
  void aPageWithItsTextRightInTheBodyIsReadWhole() {
    String page = """
        <html><head><title>Horários</title></head><body>
        <div class="conteudo">
          <h2>Horário de atendimento</h2>
          Atendemos de segunda a sexta, das 8h às 18h.<br>Sábados, das 8h às 12h.
          <div>Feriados nacionais: sem atendimento.</div>
        </div>
        <div class="rodape">Fale conosco pelo WhatsApp (11) 4000-1234.</div>
        </body></html>
        """;

    SourceText text = Extractors.extract(page.getBytes(UTF_8), "text/html", "/horarios");

    assertThat(text.title()).isEqualTo("Horários");
    assertThat(text.sections()).singleElement().satisfies(section -> {
      assertThat(section.headings()).containsExactly("Horário de atendimento");
      assertThat(section.text()).isEqualTo("""
          Atendemos de segunda a sexta, das 8h às 18h.
          Sábados, das 8h às 12h.

          Feriados nacionais: sem atendimento.

          Fale conosco pelo WhatsApp (11) 4000-1234.""");
    });
  }

  @Test
  void aPageDrawnByJavaScriptIsRefusedWithAReasonTheOperatorCanActOn() {
    String app = """
        <!doctype html><html><head><title>Ajuda</title><script src="/app.js"></script></head>
        <body><noscript>Ative o JavaScript para usar este site.</noscript><div id="root"></div></body></html>
        """;

    assertThatThrownBy(() -> Extractors.extract(app.getBytes(UTF_8), "text/html; charset=utf-8", "/ajuda"))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith("the page has no main text after removing navigation and scripts");
  }
}
