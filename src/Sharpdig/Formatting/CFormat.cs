using System.Globalization;

namespace Sharpdig.Formatting;

/// <summary>The few C printf conversions sysdig's text needs that .NET does not spell the same way.</summary>
public static class CFormat
{
    /// <summary>C's %g / %lg: 6 significant digits, trailing zeros dropped, e-notation as `1e-09`.</summary>
    public static void WriteG(ByteWriter w, double v)
    {
        Span<char> buf = stackalloc char[40];
        if (!v.TryFormat(buf, out int n, "G6", CultureInfo.InvariantCulture)) { w.Write("nan"u8); return; }
        var dest = w.GetSpan(n + 2);
        int o = 0;
        for (int i = 0; i < n; i++)
        {
            char c = buf[i];
            if (c == 'E')
            {
                dest[o++] = (byte)'e';
                // .NET writes E+06 / E-09 already with two digits; keep sign and digits.
                continue;
            }
            dest[o++] = (byte)c;
        }
        w.Advance(o);
    }
}
