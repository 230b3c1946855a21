package dev.cadre.bench.report;

import java.util.Locale;

/**
 * A minimal SVG writer: shapes and text appended in order, attributes escaped. Each chart is a
 * standalone document (with the SVG namespace), so it can be written to a file, embedded in a
 * README, or inlined in the HTML page as it is.
 */
final class Svg {
    static final String FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\"";

    private final StringBuilder sb = new StringBuilder();

    /**
     * @param id the root element's id (and CSS hook)
     * @param width width in px
     * @param height height in px
     * @param title the accessible title
     */
    Svg(String id, int width, int height, String title) {
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" %s font-size=\"12\">\n", esc(id), width, height,
                width, height, FONT));
        sb.append("<title>").append(esc(title)).append("</title>\n");
        sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                width, height));
    }

    Svg open(String attributes) {
        sb.append("<g ").append(attributes).append(">\n");
        return this;
    }

    Svg close() {
        sb.append("</g>\n");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String extra) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"%s/>\n", x1, y1, x2, y2, stroke, width, extra.isEmpty() ? "" : " " + extra));
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String extra) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"%s/>\n",
                x, y, Math.max(0, w), Math.max(0, h), fill, extra.isEmpty() ? "" : " " + extra));
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill, String stroke, String extra) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\" "
                + "stroke-width=\"1.5\"%s/>\n", cx, cy, r, fill, stroke, extra.isEmpty() ? "" : " " + extra));
        return this;
    }

    /**
     * @param anchor start, middle or end
     * @param extra further attributes (e.g. {@code font-weight="bold"}), or empty
     */
    Svg text(double x, double y, String anchor, String fill, String extra, String text) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\"%s>", x, y, anchor,
                fill, extra.isEmpty() ? "" : " " + extra)).append(esc(text)).append("</text>\n");
        return this;
    }

    /** {@return the document} */
    String end() {
        return sb + "</svg>\n";
    }

    /**
     * {@return it escaped for XML text and attribute values}
     *
     * @param s text
     */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
