using System.Diagnostics.CodeAnalysis;
using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>
/// The span.* fields (sysdig tracers: spans that applications announce by writing to /dev/null).
/// sysdig gives them a value only on tracer events. sharpdig does not decode tracers, so on the
/// captures it reads, which carry none, every span field is absent, as it is in sysdig. What is
/// implemented here is how sysdig reads their arguments, so that the same formats and filters are
/// accepted or refused with the same message.
/// </summary>
internal sealed class SpanFieldExtractor(FieldInfo info, string text) : FieldExtractor(info, text)
{
    public override bool Extract(EventContext ctx) => false;

    /// <summary>
    /// Reads the argument of a span field that takes one (span.tag, span.arg, span.enterarg,
    /// span.idtag and the *.fortag counters), at <paramref name="pos"/> right after its name, as
    /// sysdig does: "[N]" is a 32-bit number (up to the first ']' anywhere after it; without one the
    /// rest is the number and the field takes no text at all); ".NAME" takes everything after the
    /// dot, to the end of the format; span.tag and span.idtag have no ".NAME" form.
    /// </summary>
    public static bool TryReadArgument(FieldInfo info, string text, int start, int pos,
        out FieldArgument argument, out int end, [NotNullWhen(false)] out string? error)
    {
        argument = default; end = pos; error = null;
        char next = pos < text.Length ? text[pos] : '\0';
        if (next == '[')
        {
            int close = text.IndexOf(']', pos + 1);
            string number = close < 0 ? text[(pos + 1)..] : text[(pos + 1)..close];
            if (!IsScanfInt32(number)) { error = $"{number} is not a valid number"; return false; }
            argument = new FieldArgument(number, true);
            // sysdig's length arithmetic wraps to 0 without a ']': the field then covers no text.
            end = close < 0 ? start : close + 1;
            return true;
        }
        if (next == '.')
        {
            if (info.Name is "span.tag" or "span.idtag") { error = $"invalid syntax for {info.Name}"; return false; }
            argument = new FieldArgument(text[(pos + 1)..], false);
            end = text.Length;
            return true;
        }
        error = $"filter syntax error: {text[start..]}";
        return false;
    }

    /// <summary>What sscanf("%d%c") reads as exactly one number: blanks, an optional sign, digits, nothing after.</summary>
    private static bool IsScanfInt32(string s)
    {
        int i = 0;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') i++;
        if (i < s.Length && s[i] is '+' or '-') i++;
        int digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > digits && i == s.Length;
    }
}
