using System.Text;

namespace Sharpdig.Fields;

/// <summary>`-l`, `-lv` and `--list-markdown`: the field catalog laid out as sysdig lays it out.</summary>
public static class FieldListing
{
    private const int NameColumn = 30;
    private const int Width = 120;

    public static string Render(bool verbose, bool markdown)
    {
        var sb = new StringBuilder();
        foreach (var c in FieldCatalog.Classes)
        {
            if (markdown)
            {
                sb.Append("## Field Class: ").Append(c.Name).Append("\n\n").Append(c.Description).Append("\n\n");
                sb.Append("Name | Type | Description\n:----|:-----|:-----------\n");
                foreach (var f in c.Fields)
                    if (f.IsListed) sb.Append('`').Append(f.Name).Append("` | ").Append(FieldTypeNames.ListName(f.Type)).Append(" | ").Append(f.Description).Append('\n');
                sb.Append('\n');
                continue;
            }
            sb.Append("-------------------------------\n");
            sb.Append("Field Class:".PadRight(NameColumn)).Append(c.Name).Append('\n');
            sb.Append("Description:".PadRight(NameColumn));
            Wrap(sb, c.Description);
            sb.Append("\n\n");
            foreach (var f in c.Fields)
            {
                if (!f.IsListed) continue;
                if (f.Name.Length >= NameColumn) sb.Append(f.Name).Append('\n').Append(' ', NameColumn);
                else sb.Append(f.Name.PadRight(NameColumn));
                if (verbose) sb.Append("(Type: ").Append(FieldTypeNames.ListName(f.Type)).Append(") ");
                Wrap(sb, f.Description);
                sb.Append('\n');
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static void Write(Stream output, bool verbose, bool markdown)
    {
        var bytes = Encoding.UTF8.GetBytes(Render(verbose, markdown));
        output.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Words with a trailing space each, new line (indented to the description column) past the width.</summary>
    private static void Wrap(StringBuilder sb, string text)
    {
        int len = 0;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int w = word.Length + 1;
            if (len + w <= Width - NameColumn) len += w;
            else { sb.Append('\n').Append(' ', NameColumn); len = w; }
            sb.Append(word).Append(' ');
        }
    }
}
