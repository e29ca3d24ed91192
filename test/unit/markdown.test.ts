import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/adapters/http/markdown.js";

describe("rendering playbook Markdown for GET /playbooks/{id}", () => {
  it("renders headings, ordered lists, code and links", () => {
    const html = renderMarkdown(
      "## Triage\n1. Run `kubectl get pods`\n2. Open [Grafana](https://grafana.example.com/d/x)\n",
    );
    expect(html).toBe(
      '<h2>Triage</h2>\n<ol>\n<li>Run <code>kubectl get pods</code></li>\n<li>Open <a href="https://grafana.example.com/d/x" rel="noopener noreferrer">Grafana</a></li>\n</ol>',
    );
  });

  it("escapes HTML and never turns script or javascript: links into markup", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n[x](javascript:alert(1)) <img src=x onerror="a">',
    );
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps fenced code verbatim, escaped", () => {
    expect(renderMarkdown("```\nselect * from t where a < 1;\n```")).toBe(
      "<pre><code>select * from t where a &lt; 1;</code></pre>",
    );
  });
});
