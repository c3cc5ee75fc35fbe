using System.Text;

namespace Sharpdig.Chisels;

/// <summary>
/// Prints the chisel list (-cl) and one chisel's description (-i) in sysdig's layout: sorted by
/// category then name, names in a 16-column gutter, text wrapped every 63 bytes (79 - 16) and
/// long descriptions every 79 bytes.
/// </summary>
public static class ChiselListing
{
    private const int TextStart = 16;
    private const int LineLength = 79;

    public static void PrintList(IEnumerable<ChiselDescriptor> chisels, Stream output, bool withHint = true)
    {
        var sb = new MemoryStream();
        string? lastCategory = null;
        foreach (var c in chisels.OrderBy(c => c.Category, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            if (c.Category != lastCategory)
            {
                string title = "Category: " + c.Category;
                Write(sb, "\n" + title + "\n" + new string('-', Encoding.UTF8.GetByteCount(title)) + "\n");
                lastCategory = c.Category;
            }
            byte[] name = Encoding.UTF8.GetBytes(c.Name);
            sb.Write(name);
            int used = name.Length;
            if (used >= TextStart) { sb.WriteByte((byte)'\n'); used = 0; }
            for (int i = used; i < TextStart; i++) sb.WriteByte((byte)' ');
            byte[] desc = Encoding.UTF8.GetBytes(c.ShortDescription);
            for (int i = 0; i < desc.Length; i++)
            {
                if (i % (LineLength - TextStart) == 0 && i != 0) WriteGutterBreak(sb);
                sb.WriteByte(desc[i]);
            }
            sb.WriteByte((byte)'\n');
        }
        if (withHint) Write(sb, "\nUse the -i flag to get detailed information about a specific chisel\n");
        output.Write(sb.GetBuffer(), 0, (int)sb.Length);
    }

    public static void PrintInfo(ChiselDescriptor chisel, Stream output)
    {
        PrintList([chisel], output, withHint: false);
        var sb = new MemoryStream();
        sb.WriteByte((byte)'\n');
        byte[] desc = Encoding.UTF8.GetBytes(chisel.Description);
        for (int i = 0; i < desc.Length; i++)
        {
            if (i % LineLength == 0 && i != 0) sb.WriteByte((byte)'\n');
            sb.WriteByte(desc[i]);
        }
        sb.WriteByte((byte)'\n');

        var args = new StringBuilder("Args:\n");
        if (chisel.Args.Count == 0) args.Append("(None)");
        foreach (var a in chisel.Args) args.Append('[').Append(a.Type).Append("] ").Append(a.Name).Append(" - ").Append(a.Description).Append('\n');
        byte[] text = Encoding.UTF8.GetBytes(args.ToString());
        int linePos = 0;
        for (int i = 0; i < text.Length; i++, linePos++)
        {
            if (text[i] == '\n') linePos = -1;
            else if (linePos % (LineLength - TextStart) == 0 && linePos != 0) WriteGutterBreak(sb);
            sb.WriteByte(text[i]);
        }
        sb.WriteByte((byte)'\n');
        output.Write(sb.GetBuffer(), 0, (int)sb.Length);
    }

    private static void WriteGutterBreak(Stream s)
    {
        s.WriteByte((byte)'\n');
        for (int i = 0; i < TextStart; i++) s.WriteByte((byte)' ');
    }

    private static void Write(Stream s, string text) => s.Write(Encoding.UTF8.GetBytes(text));
}
