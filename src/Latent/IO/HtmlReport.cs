using System.Net;
using System.Text;

namespace Latent.IO;

/// <summary>
/// A self-contained HTML page for a run: headings, text, tables, and pictures embedded inline (PNG as data URIs, SVG as
/// markup), so the file can be moved or mailed on its own.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();

    /// <summary>Starts a report with a page title.</summary>
    public HtmlReport(string title) => Title = title;

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>Adds a section heading.</summary>
    public HtmlReport Heading(string text)
    {
        _body.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a table with a header row.</summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in header) _body.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>Adds commands or code as a block a reader can copy.</summary>
    public HtmlReport Code(string text)
    {
        _body.Append("<pre><code>").Append(WebUtility.HtmlEncode(text)).Append("</code></pre>\n");
        return this;
    }

    /// <summary>Embeds a PNG or SVG file with a caption.</summary>
    /// <exception cref="FileNotFoundException">The picture does not exist.</exception>
    /// <exception cref="ArgumentException">The file is neither .png nor .svg.</exception>
    public HtmlReport Picture(string path, string caption)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"HtmlReport: picture '{path}' does not exist.", path);
        _body.Append("<figure onclick=\"this.classList.toggle('big')\">");
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png":
                var bytes = File.ReadAllBytes(path);
                // Small pictures (28×28 tiles) are drawn at three times their size, pixels kept sharp; a click enlarges.
                string width = PngWidth(bytes) is int w ? $" width=\"{3 * w}\"" : "";
                _body.Append("<img alt=\"").Append(WebUtility.HtmlEncode(caption)).Append('"').Append(width)
                    .Append(" title=\"click to enlarge\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(bytes)).Append("\"/>");
                break;
            case ".svg":
                var svg = File.ReadAllText(path);
                int start = svg.IndexOf("<svg", StringComparison.Ordinal);
                _body.Append(start >= 0 ? svg[start..] : svg);
                break;
            default:
                throw new ArgumentException($"HtmlReport: '{path}' is neither a PNG nor an SVG picture.");
        }
        _body.Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>Embeds a WAV file as an <c>&lt;audio&gt;</c> player with a caption.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file is not a .wav.</exception>
    public HtmlReport Audio(string path, string caption)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"HtmlReport: audio '{path}' does not exist.", path);
        if (!path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"HtmlReport: '{path}' is not a WAV file.");
        _body.Append("<figure>").Append(AudioElement(File.ReadAllBytes(path)))
            .Append("<figcaption>").Append(WebUtility.HtmlEncode(caption)).Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>An <c>&lt;audio controls&gt;</c> element playing WAV bytes embedded as a data URI.</summary>
    public static string AudioElement(byte[] wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        return "<audio controls preload=\"none\" src=\"data:audio/wav;base64," + Convert.ToBase64String(wav) + "\"></audio>";
    }

    /// <summary>The width in the IHDR chunk of a PNG file, or null when the bytes are not a PNG.</summary>
    private static int? PngWidth(byte[] png)
        => png.Length >= 24 && png[12] == 'I' && png[13] == 'H' && png[14] == 'D' && png[15] == 'R'
            ? (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]
            : null;

    /// <summary>The whole page.</summary>
    public string ToHtml() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>" + WebUtility.HtmlEncode(Title) + "</title>\n<style>" +
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}" +
        "figure{display:inline-block;margin:0.5em 1em 1em 0;vertical-align:top}" +
        "img{image-rendering:pixelated;border:1px solid #ccc;max-width:100%;height:auto;cursor:zoom-in}" +
        "figure.big{display:block}figure.big img{width:100%;cursor:zoom-out}" +
        "pre{background:#f4f4f4;padding:0.6em;overflow-x:auto}" +
        "figcaption{font-size:0.9em;color:#555}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:0.2em 0.6em;text-align:right}" +
        "</style></head><body>\n<h1>" + WebUtility.HtmlEncode(Title) + "</h1>\n" + _body + "</body></html>\n";

    /// <summary>Writes the page atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToHtml());
}
