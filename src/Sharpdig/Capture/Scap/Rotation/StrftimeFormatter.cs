using System.Globalization;
using System.Text;

namespace Sharpdig.Capture.Scap.Rotation;

/// <summary>
/// C strftime(3) in the "C" locale, for -G file names such as <c>trace-%Y%m%d-%H%M%S.scap</c>.
/// Unknown conversions are copied as written (glibc does the same).
/// </summary>
public static class StrftimeFormatter
{
    private static readonly string[] s_days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] s_months =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Formats <paramref name="unixSeconds"/> as local time (the TZ environment variable applies).</summary>
    public static string FormatLocal(string pattern, long unixSeconds, TimeZoneInfo? zone = null)
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var local = TimeZoneInfo.ConvertTime(utc, zone ?? TimeZoneInfo.Local);
        return Format(pattern, local, unixSeconds);
    }

    public static string Format(string pattern, DateTimeOffset t, long unixSeconds)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c != '%' || i + 1 >= pattern.Length) { sb.Append(c); continue; }
            char k = pattern[++i];
            // glibc accepts the E and O modifiers and ignores them in the C locale.
            if ((k == 'E' || k == 'O') && i + 1 < pattern.Length) k = pattern[++i];
            Append(sb, k, t, unixSeconds);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, char k, DateTimeOffset t, long unixSeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        int hour12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        switch (k)
        {
            case 'a': sb.Append(s_days[(int)t.DayOfWeek], 0, 3); break;
            case 'A': sb.Append(s_days[(int)t.DayOfWeek]); break;
            case 'b': case 'h': sb.Append(s_months[t.Month - 1], 0, 3); break;
            case 'B': sb.Append(s_months[t.Month - 1]); break;
            case 'c':
                Append(sb, 'a', t, unixSeconds); sb.Append(' '); Append(sb, 'b', t, unixSeconds); sb.Append(' ');
                Append(sb, 'e', t, unixSeconds); sb.Append(' '); Append(sb, 'T', t, unixSeconds); sb.Append(' ');
                Append(sb, 'Y', t, unixSeconds);
                break;
            case 'C': sb.Append((t.Year / 100).ToString("00", inv)); break;
            case 'd': sb.Append(t.Day.ToString("00", inv)); break;
            case 'D': sb.Append(t.ToString("MM'/'dd'/'yy", inv)); break;
            case 'e': sb.Append(t.Day.ToString(inv).PadLeft(2)); break;
            case 'F': sb.Append(t.ToString("yyyy'-'MM'-'dd", inv)); break;
            case 'H': sb.Append(t.Hour.ToString("00", inv)); break;
            case 'I': sb.Append(hour12.ToString("00", inv)); break;
            case 'j': sb.Append(t.DayOfYear.ToString("000", inv)); break;
            case 'k': sb.Append(t.Hour.ToString(inv).PadLeft(2)); break;
            case 'l': sb.Append(hour12.ToString(inv).PadLeft(2)); break;
            case 'm': sb.Append(t.Month.ToString("00", inv)); break;
            case 'M': sb.Append(t.Minute.ToString("00", inv)); break;
            case 'n': sb.Append('\n'); break;
            case 'p': sb.Append(t.Hour < 12 ? "AM" : "PM"); break;
            case 'P': sb.Append(t.Hour < 12 ? "am" : "pm"); break;
            case 'r': sb.Append(hour12.ToString("00", inv)).Append(t.ToString("':'mm':'ss", inv)).Append(t.Hour < 12 ? " AM" : " PM"); break;
            case 'R': sb.Append(t.ToString("HH':'mm", inv)); break;
            case 's': sb.Append(unixSeconds.ToString(inv)); break;
            case 'S': sb.Append(t.Second.ToString("00", inv)); break;
            case 't': sb.Append('\t'); break;
            case 'T': sb.Append(t.ToString("HH':'mm':'ss", inv)); break;
            case 'u': sb.Append(t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek); break;
            case 'w': sb.Append((int)t.DayOfWeek); break;
            case 'x': sb.Append(t.ToString("MM'/'dd'/'yy", inv)); break;
            case 'X': sb.Append(t.ToString("HH':'mm':'ss", inv)); break;
            case 'y': sb.Append((t.Year % 100).ToString("00", inv)); break;
            case 'Y': sb.Append(t.Year.ToString(inv)); break;
            case 'z':
                {
                    var off = t.Offset;
                    sb.Append(off < TimeSpan.Zero ? '-' : '+');
                    off = off.Duration();
                    sb.Append(off.Hours.ToString("00", inv)).Append(off.Minutes.ToString("00", inv));
                    break;
                }
            case 'Z': sb.Append(t.Offset == TimeSpan.Zero ? "UTC" : ZoneAbbreviation(t)); break;
            case '%': sb.Append('%'); break;
            default: sb.Append('%').Append(k); break;
        }
    }

    // .NET has no tz abbreviations; TZ values like "CET" or "EST5EDT" carry one at their start.
    private static string ZoneAbbreviation(DateTimeOffset t)
    {
        string? tz = Environment.GetEnvironmentVariable("TZ");
        if (!string.IsNullOrEmpty(tz) && char.IsLetter(tz[0]) && !tz.Contains('/'))
        {
            int n = 0;
            while (n < tz.Length && char.IsLetter(tz[n])) n++;
            return tz[..n];
        }
        var off = t.Offset.Duration();
        return (t.Offset < TimeSpan.Zero ? "-" : "+") + off.Hours.ToString("00", CultureInfo.InvariantCulture)
            + (off.Minutes == 0 ? "" : off.Minutes.ToString("00", CultureInfo.InvariantCulture));
    }
}
