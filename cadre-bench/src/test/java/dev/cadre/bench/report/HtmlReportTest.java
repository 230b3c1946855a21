package dev.cadre.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.bench.versus.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report is rendered from a results CSV written by {@link Report}, then parsed back as XML:
 * the page and every chart are well-formed, carry one mark per row, say what the CSV says, and
 * contain no script of any kind.
 */
class HtmlReportTest {

    @TempDir
    Path dir;
    Path csv;

    @BeforeEach
    void writeResults() throws IOException {
        csv = dir.resolve(HtmlReport.RESULTS_CSV);
        new ReportFixture().report().writeCsv(csv);
        Files.writeString(dir.resolve(HtmlReport.ITERATIONS_CSV), HtmlReport.ITERATIONS_HEADER + "\n"
                + "1,cadre,pingpong,1,throughput,15000000,0.1,0,0,0.2,0.2,2,1.0\n"
                + "1,cadre,pingpong,2,throughput,45000000,0.1,0,0,0.2,0.2,2,1.0\n"
                + "2,pekko,pingpong,1,throughput,4000000,0.5,1,3,1.0,1.0,2,1.2\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HtmlReport.ENVIRONMENT), "Cadre vs Apache Pekko <test> & co\n",
                StandardCharsets.UTF_8);
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nl = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    private static List<Element> withClass(Document d, String tag, String cls) {
        return elements(d, tag).stream().filter(e -> cls.equals(e.getAttribute("class"))).toList();
    }

    @Test
    void thePageIsWellFormedSelfContainedAndHasEveryChart() throws Exception {
        HtmlReport.renderFrom(csv, dir.resolve("out"));
        Document page = parse(dir.resolve("out/index.html"));
        assertThat(elements(page, "script")).isEmpty();
        assertThat(elements(page, "link")).isEmpty();
        for (Element e : elements(page, "*")) {
            assertThat(e.getAttribute("src")).as("nothing loaded from elsewhere").isEmpty();
            for (int i = 0; i < e.getAttributes().getLength(); i++) {
                assertThat(e.getAttributes().item(i).getNodeName()).as("no event handlers").doesNotStartWith("on");
            }
        }
        List<String> svgIds = elements(page, "svg").stream().map(e -> e.getAttribute("id")).toList();
        assertThat(svgIds).containsExactly("ratio-chart", "latency-chart", "gc-chart", "stability-chart");
        assertThat(page.getDocumentElement().getTextContent()).contains("Cadre vs Apache Pekko <test> & co");
    }

    @Test
    void theRatioChartHasOneMarkPerComparedRowWithTheCsvRatio() throws Exception {
        HtmlReport.renderFrom(csv, dir);
        Document svg = parse(dir.resolve(HtmlReport.RATIO_SVG));
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        List<Element> rows = withClass(svg, "g", "row");
        List<Map<String, String>> csvRows = Csv.read(csv).rows().stream()
                .filter(r -> !r.get("suite").equals("app")).toList();
        assertThat(rows).hasSize(csvRows.size());
        for (int i = 0; i < rows.size(); i++) {
            Element g = rows.get(i);
            Map<String, String> r = csvRows.get(i);
            assertThat(g.getAttribute("data-scenario")).isEqualTo(r.get("scenario"));
            assertThat(g.getAttribute("data-metric")).isEqualTo(r.get("metric"));
            assertThat(g.getAttribute("data-ratio")).isEqualTo(r.get("ratio"));
            assertThat(g.getAttribute("data-verdict")).isEqualTo(r.get("verdict"));
            String text = g.getTextContent();
            switch (r.get("verdict")) {
                case "quoted" -> {
                    assertThat(elements(svg, "circle")).isNotEmpty();
                    assertThat(text).contains(String.format(java.util.Locale.ROOT, "%.2f",
                            Double.parseDouble(r.get("ratio"))));
                }
                case "wide" -> assertThat(text).contains("too noisy");
                case "fail" -> assertThat(text).contains("FAIL");
                default -> assertThat(text).contains("n/a");
            }
        }
    }

    @Test
    void latencyGcAndStabilityChartsDrawTheirRows() throws Exception {
        HtmlReport.renderFrom(csv, dir);
        Document latency = parse(dir.resolve(HtmlReport.LATENCY_SVG));
        assertThat(withClass(latency, "g", "latency")).extracting(e -> e.getAttribute("data-metric"))
                .containsExactly("p50", "p99.9", "order-p99");
        Document gc = parse(dir.resolve(HtmlReport.GC_SVG));
        assertThat(withClass(gc, "g", "gc")).extracting(e -> e.getAttribute("data-scenario"))
                .containsExactly("pingpong", "fanin-bounded", "spawn", "ask", "skynet", "fulfilment");
        Document stability = parse(dir.resolve(HtmlReport.STABILITY_SVG));
        List<Element> series = withClass(stability, "g", "stability");
        assertThat(series).extracting(e -> e.getAttribute("data-series"))
                .containsExactly("pingpong throughput · cadre", "pingpong throughput · pekko");
        // 45M against a median of 30M is within 2x: drawn as a dot in the plot, not at the edge
        assertThat(series.get(0).getElementsByTagName("circle").getLength()).isEqualTo(2);
    }

    @Test
    void theResultsTableShowsEveryCsvRowAndMarksFailures() throws Exception {
        HtmlReport.renderFrom(csv, dir);
        Document page = parse(dir.resolve(HtmlReport.INDEX));
        Element table = elements(page, "table").stream().filter(t -> t.getAttribute("id").equals("results"))
                .findFirst().orElseThrow();
        NodeList trs = table.getElementsByTagName("tr");
        assertThat(trs.getLength()).isEqualTo(1 + Csv.read(csv).rows().size());
        assertThat(elements(page, "tr").stream().filter(e -> e.getAttribute("class").equals("fail")).toList())
                .hasSize(1);
    }

    @Test
    void aCsvWithoutTheReportsColumnsIsRejectedByName() throws Exception {
        Path bad = dir.resolve("bad/results.csv");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "scenario,metric,unit,cadre,pekko,ratio,better,limit\npingpong,throughput,msgs/s,1,1,1,"
                + "higher,\n");
        assertThatThrownBy(() -> HtmlReport.renderFrom(bad, dir.resolve("o"))).hasMessageContaining("no column 'suite'");
        assertThatThrownBy(() -> HtmlReport.renderFrom(dir.resolve("missing.csv"), dir.resolve("o")))
                .hasMessageContaining("no such file");
    }
}
