using System.Text;
using Sharpdig.Fields;

namespace Sharpdig.Formatting.Templates;

/// <summary>One piece of a -p format: literal bytes, or a field with an optional column width.</summary>
/// <summary>
/// One piece of a -p format: literal bytes, or a field with an optional column width. <see cref="Key"/>
/// is the name -j uses for the field (the text of the token sysdig read, see evt.type.is).
/// </summary>
public readonly record struct TemplatePart(byte[]? Literal, FieldExtractor? Field, int Width, string? Key = null);

/// <summary>
/// A parsed -p format. Syntax, as sysdig 0.29.3 reads it: an optional leading '*' (print events that
/// lack fields, showing &lt;NA&gt;), then literal text with %FIELD or %NFIELD (N = column width: the
/// value is cut or left-aligned and padded to N). \n, \t, \r and \\ are escapes. A field is the longest
/// catalog name at that point plus its argument, so "%proc.namex" is proc.name then "x".
/// </summary>
public sealed class OutputTemplate
{
    public bool PrintAll { get; }
    public IReadOnlyList<TemplatePart> Parts { get; }

    private OutputTemplate(bool printAll, List<TemplatePart> parts) { PrintAll = printAll; Parts = parts; }

    /// <summary>The formats behind -pc, -pk and -pm.</summary>
    public static string Preset(string name) => name switch
    {
        "kubernetes" => "*%evt.num %evt.time %evt.cpu %k8s.pod.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info",
        "mesos" => "*%evt.num %evt.time %evt.cpu %mesos.task.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info",
        _ => "*%evt.num %evt.time %evt.cpu %container.name (%container.id) %proc.name (%thread.tid:%thread.vtid) %evt.dir %evt.type %evt.info",
    };

    /// <summary>Parses <paramref name="format"/>; throws <see cref="FormatException"/> with a one-line message.</summary>
    public static OutputTemplate Parse(string format)
    {
        bool printAll = format.StartsWith('*');
        int i = printAll ? 1 : 0;
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length == 0) return;
            parts.Add(new TemplatePart(Encoding.UTF8.GetBytes(literal.ToString()), null, 0));
            literal.Clear();
        }
        while (i < format.Length)
        {
            char c = format[i];
            if (c == '\\' && i + 1 < format.Length && format[i + 1] is 'n' or 't' or 'r' or '\\')
            {
                literal.Append(format[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => '\\' });
                i += 2;
                continue;
            }
            if (c != '%') { literal.Append(c); i++; continue; }
            i++;
            if (i >= format.Length) throw new FormatException("invalid formatting syntax: formatting cannot end with a %");
            int tokenStart = i;
            int width = 0;
            while (i < format.Length && char.IsAsciiDigit(format[i])) { width = width * 10 + (format[i] - '0'); i++; }
            if (TypeIsTakesNothing(format, i))
            {
                // sysdig reads evt.type.is.X in a format only when X is all the rest of the format;
                // otherwise the token is empty (no value, key "") and its text stays literal.
                FieldCatalog.TryCompileAt("evt.type.is.0", 0, requireWhole: true, out var empty, out _, out _);
                FlushLiteral();
                parts.Add(new TemplatePart(null, empty, width, ""));
                continue;
            }
            if (!FieldCatalog.TryCompileAt(format, i, requireWhole: false, out var field, out int length, out string error))
            {
                // sysdig reports the parse errors of the fields it parses by hand (a missing
                // argument quotes the rest of the format).
                if (format.AsSpan(i).StartsWith("evt.around") || format.AsSpan(i).StartsWith("evt.rawarg") || format.AsSpan(i).StartsWith("evt.type.is")
                    || (format.AsSpan(i).StartsWith("evt.arg") && !format.AsSpan(i).StartsWith("evt.args")))
                    throw new FormatException(error.StartsWith("filter syntax error") ? $"filter syntax error: {format[i..]}" : error);
                // So do the tracer fields (a bad span.tag/span.idtag argument, a missing one).
                if (format.AsSpan(i).StartsWith("span.") && !error.StartsWith("unrecognized field"))
                    throw new FormatException(error);
                throw new FormatException($"invalid formatting token {format[tokenStart..]}");
            }
            // evt.around[T] is filter-only, yet sysdig accepts it in formats, where it never has a value.
            if (field.Info.IsFilterOnly && field.Info.Name != "evt.around")
                throw new FormatException($"{format[i..]} is filter only and cannot be used as a display field");
            FlushLiteral();
            parts.Add(new TemplatePart(null, field, width, field.Text));
            i += length;
            // sysdig reads proc.apid/proc.aname without an index as the process itself and then
            // prints the field's name as plain text.
            if (field.Info.Name is "proc.apid" or "proc.aname" && field.Text == field.Info.Name)
                literal.Append(field.Info.Name);
        }
        FlushLiteral();
        return new OutputTemplate(printAll, parts);
    }

    private static bool TypeIsTakesNothing(string format, int at)
    {
        const string Name = "evt.type.is.";
        if (!format.AsSpan(at).StartsWith(Name)) return false;
        string rest = format[(at + Name.Length)..];
        return !FieldCatalog.TryCompileAt(Name + rest, 0, requireWhole: true, out _, out _, out _);
    }
}
