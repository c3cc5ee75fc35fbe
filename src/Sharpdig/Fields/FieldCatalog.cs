using System.Diagnostics.CodeAnalysis;

namespace Sharpdig.Fields;

/// <summary>A field's argument as written: `.name` after the field, or `[text]`.</summary>
public readonly record struct FieldArgument(string Text, bool Bracketed)
{
    public bool IsIndex(out int index) => int.TryParse(Text, System.Globalization.NumberStyles.None, null, out index);
}

/// <summary>
/// Looks fields up by name and compiles references to them (name plus optional argument) into
/// extractors. Names resolve as sysdig does: the longest catalog name the text starts with, then the
/// field's own argument rules.
/// </summary>
public static class FieldCatalog
{
    private static readonly Dictionary<string, FieldInfo> s_byName = BuildIndex();
    private static readonly int s_longestName = s_byName.Keys.Max(k => k.Length);

    public static IReadOnlyList<FieldClass> Classes => FieldDefinitions.Classes;
    /// <summary>Every field a filter or format accepts, the unlisted ones included.</summary>
    public static IEnumerable<FieldInfo> AllFields => FieldDefinitions.Classes.SelectMany(c => c.Fields);
    /// <summary>The fields `-l` shows.</summary>
    public static IEnumerable<FieldInfo> ListedFields => AllFields.Where(f => f.IsListed);

    public static bool TryGetInfo(string name, [NotNullWhen(true)] out FieldInfo? info) => s_byName.TryGetValue(name, out info);

    private static Dictionary<string, FieldInfo> BuildIndex()
    {
        var d = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        foreach (var c in FieldDefinitions.Classes)
            foreach (var f in c.Fields) { f.Class = c; d.TryAdd(f.Name, f); }
        return d;
    }

    /// <summary>
    /// Compiles a whole field reference such as "fd.name", "proc.aname[2]" or "evt.arg.fd".
    /// On failure <paramref name="error"/> says why (unknown field, bad argument ...).
    /// </summary>
    public static bool TryCompile(string text, [NotNullWhen(true)] out IFieldExtractor? extractor, out string error)
    {
        bool ok = TryCompileAt(text, 0, requireWhole: true, out var x, out _, out error);
        extractor = x;
        return ok;
    }

    /// <summary>
    /// Compiles the field reference that starts at <paramref name="start"/> of <paramref name="text"/>.
    /// With <paramref name="requireWhole"/> the reference must span the rest of the text (filters);
    /// without it the longest valid reference is taken and <paramref name="length"/> tells how much (-p formats).
    /// </summary>
    public static bool TryCompileAt(string text, int start, bool requireWhole,
        [NotNullWhen(true)] out FieldExtractor? extractor, out int length, out string error)
    {
        extractor = null; length = 0;
        var info = LongestPrefix(text, start);
        if (info is null)
        {
            error = $"unrecognized field {Word(text, start)}";
            return false;
        }
        int pos = start + info.Name.Length;
        FieldArgument? arg = null;
        // evt.abspath.src / .dst name which path of a two-path syscall; anything after is not part of it.
        if (info.Name == "evt.abspath" && (text.AsSpan(pos).StartsWith(".src") || text.AsSpan(pos).StartsWith(".dst")))
        {
            arg = new FieldArgument(text.Substring(pos + 1, 3), false);
            pos += 4;
        }
        else if (info.TakesArgument && info.Name.StartsWith("span.", StringComparison.Ordinal))
        {
            // The tracer fields read their arguments by their own rules.
            if (!SpanFieldExtractor.TryReadArgument(info, text, start, pos, out var spanArg, out pos, out var spanError))
            {
                error = spanError;
                return false;
            }
            arg = spanArg;
        }
        else if (pos < text.Length && info.TakesArgument)
        {
            if (text[pos] == '[')
            {
                int close = text.IndexOf(']', pos + 1);
                if (close < 0) { error = $"unrecognized field {Word(text, start)}"; return false; }
                arg = new FieldArgument(text.Substring(pos + 1, close - pos - 1), true);
                pos = close + 1;
            }
            else if (text[pos] == '.')
            {
                int end = pos + 1;
                if (requireWhole) end = text.Length;
                else while (end < text.Length && IsArgNameChar(text[end], info)) end++;
                if (end > pos + 1)
                {
                    arg = new FieldArgument(text.Substring(pos + 1, end - pos - 1), false);
                    pos = end;
                }
            }
        }
        if (requireWhole && pos != text.Length)
        {
            error = $"unrecognized field {text[start..]}";
            return false;
        }
        // sysdig parses these by hand and words a missing argument as a syntax error.
        if (arg is null && info.Name is "evt.around" or "evt.arg" or "evt.rawarg" or "evt.type.is")
        {
            error = $"filter syntax error: {info.Name}";
            return false;
        }
        if (arg is null && info.RequiresArgument)
        {
            error = $"field {info.Name} needs an argument, e.g. {info.Name}.NAME or {info.Name}[N]";
            return false;
        }
        // A span field whose '[' has no ']' covers no text (see SpanFieldExtractor): named by its name.
        string written = pos == start ? info.Name : text[start..pos];
        if (!FieldFactory.TryCreate(info, written, arg, out extractor, out error)) return false;
        length = pos - start;
        return true;
    }

    private static bool IsArgNameChar(char c, FieldInfo info) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (info.Name.StartsWith("k8s.", StringComparison.Ordinal) && (c == '.' || c == '-' || c == '/'));

    private static FieldInfo? LongestPrefix(string text, int start)
    {
        int max = Math.Min(s_longestName, text.Length - start);
        for (int len = max; len > 0; len--)
        {
            // Only cut at a boundary the name itself could end at.
            if (s_byName.TryGetValue(text.Substring(start, len), out var info)) return info;
        }
        return null;
    }

    private static string Word(string text, int start)
    {
        int end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        return text[start..end];
    }
}
