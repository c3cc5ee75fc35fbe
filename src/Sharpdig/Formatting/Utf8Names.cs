using System.Text;
using Sharpdig.Events;

namespace Sharpdig.Formatting;

/// <summary>UTF-8 copies of the schema's names (parameter names, flag names), made once, so rendering copies bytes.</summary>
internal static class Utf8Names
{
    private static readonly byte[][][] s_paramNames = BuildParamNames();
    // Copy-on-write: lookups read a published snapshot without locking.
    private static volatile Dictionary<NameValueTable, byte[][]> s_flagNames = new(ReferenceEqualityComparer.Instance);
    private static readonly object s_lock = new();

    private static byte[][][] BuildParamNames()
    {
        var all = EventTable.All;
        var names = new byte[all.Length][][];
        for (int i = 0; i < all.Length; i++)
            names[i] = all[i].Parameters.Select(p => Encoding.UTF8.GetBytes(p.Name)).ToArray();
        return names;
    }

    public static ReadOnlySpan<byte> Param(int eventCode, int index) => s_paramNames[eventCode][index];

    public static byte[][] Flags(NameValueTable table)
    {
        if (s_flagNames.TryGetValue(table, out var names)) return names;
        lock (s_lock)
        {
            if (s_flagNames.TryGetValue(table, out names)) return names;
            names = table.Entries.Select(e => Encoding.UTF8.GetBytes(e.Name)).ToArray();
            s_flagNames = new Dictionary<NameValueTable, byte[][]>(s_flagNames, ReferenceEqualityComparer.Instance) { [table] = names };
            return names;
        }
    }
}
