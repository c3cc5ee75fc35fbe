using System.Buffers.Binary;
using Sharpdig.Events;
using static Sharpdig.Chisels.Lua.LuaNative;

namespace Sharpdig.Chisels;

/// <summary>
/// A "top table" summed by the host instead of by a Lua on_event (chisel.sum_by, a sharpdig
/// extension that our toptable helper uses): for each event that passes the chisel's filter, the
/// value field is added, times a scale, to the row of the key fields' values. Top tables see
/// hundreds of thousands of events, and a Lua call per event (plus moving each field into Lua)
/// cost as much as all the rest of the engine; here an event costs the extractions and one
/// hash lookup, and nothing is allocated once every key has been seen.
///
/// The rules are those of the Lua version in toptable.lua, so the printed tables are the same:
/// <list type="bullet">
/// <item>a key without a value skips the event; with three keys or more the keys before the last are
/// read in order and the first missing one stops the reading (fields such as thread.cpu keep
/// per-thread state as they are read, so which fields are read matters);</item>
/// <item>values count when greater than 0, or equal to 0 with keep_zero; sums are doubles, added in
/// event order (Lua numbers);</item>
/// <item>key values are compared as Lua table keys: numbers by value (all numbers are doubles),
/// strings by bytes, booleans apart from both.</item>
/// </list>
/// <see cref="PushRows"/> gives the rows back as the nested tables the Lua version builds
/// (rows[k1][k2]... = sum), in the order the keys were first seen.
/// </summary>
internal sealed class FieldSums
{
    private const byte NumberTag = 1, TextTag = 2, FalseTag = 3, TrueTag = 4;

    private readonly IChiselField[] _keys;
    private readonly IChiselField _value;
    private readonly double _scale;
    private readonly bool _keepZero;

    // Rows in first-seen order; each key is the concatenation of its encoded parts, kept in _arena.
    private struct Row
    {
        public int Hash, KeyStart, KeyLength;
        public double Sum;
    }
    private Row[] _rows = new Row[64];
    private int _rowCount;
    private byte[] _arena = new byte[4096];
    private int _arenaLength;
    private int[] _slots = new int[128];   // open addressing: row index + 1, 0 = empty
    private byte[] _key = new byte[256];    // the current event's encoded key

    public FieldSums(IChiselField[] keys, IChiselField value, double scale, bool keepZero)
    {
        _keys = keys;
        _value = value;
        _scale = scale;
        _keepZero = keepZero;
    }

    public int RowCount => _rowCount;

    /// <summary>Adds one event; throws <see cref="ChiselException"/> when the value is not a number (Lua would fail comparing it).</summary>
    public void Add(EventRecord evt)
    {
        int n = _keys.Length, length = 0;
        bool complete = true;
        for (int i = 0; i < n; i++)
        {
            var part = new ChiselFieldValue();
            if (!_keys[i].TryExtract(evt, ref part))
            {
                if (n >= 3 && i < n - 1) return;   // read one by one in Lua: the value is not read either
                complete = false;
                continue;
            }
            length = Append(ref part, length);
        }
        var value = new ChiselFieldValue();
        if (!_value.TryExtract(evt, ref value) || !complete) return;
        double v = value.Kind switch
        {
            ChiselValueKind.Integer => value.Integer,
            ChiselValueKind.Unsigned => (ulong)value.Integer,
            ChiselValueKind.Double => value.Double,
            _ => throw new ChiselException("attempt to compare number with " + (value.Kind == ChiselValueKind.Boolean ? "boolean" : "string")),
        };
        if (!(v > 0 || (_keepZero && v == 0))) return;
        ref Row row = ref FindOrAdd(_key.AsSpan(0, length), out bool added);
        row.Sum = (added ? 0.0 : row.Sum) + v * _scale;
    }

    public void Clear()
    {
        _rowCount = 0;
        _arenaLength = 0;
        Array.Clear(_slots);
    }

    // One key part: a tag, then 8 bytes of double, or a 4-byte length and the bytes.
    private int Append(ref ChiselFieldValue part, int at)
    {
        switch (part.Kind)
        {
            case ChiselValueKind.Boolean:
                Room(at, 1);
                _key[at] = part.Integer != 0 ? TrueTag : FalseTag;
                return at + 1;
            case ChiselValueKind.Text:
                Room(at, 5 + part.Text.Length);
                _key[at] = TextTag;
                BinaryPrimitives.WriteInt32LittleEndian(_key.AsSpan(at + 1), part.Text.Length);
                part.Text.CopyTo(_key.AsSpan(at + 5));
                return at + 5 + part.Text.Length;
            default:
                double d = part.Kind switch
                {
                    ChiselValueKind.Integer => part.Integer,
                    ChiselValueKind.Unsigned => (ulong)part.Integer,
                    _ => part.Double,
                };
                if (double.IsNaN(d)) throw new ChiselException("table index is NaN");
                if (d == 0) d = 0;   // -0 and 0 are one Lua key
                Room(at, 9);
                _key[at] = NumberTag;
                BinaryPrimitives.WriteDoubleLittleEndian(_key.AsSpan(at + 1), d);
                return at + 9;
        }
    }

    private void Room(int at, int more)
    {
        if (at + more > _key.Length) Array.Resize(ref _key, Math.Max(_key.Length * 2, at + more));
    }

    private ref Row FindOrAdd(ReadOnlySpan<byte> key, out bool added)
    {
        int hash = HashOf(key);
        int mask = _slots.Length - 1;
        for (int s = hash & mask; ; s = (s + 1) & mask)
        {
            int r = _slots[s] - 1;
            if (r < 0)
            {
                added = true;
                return ref NewRow(s, hash, key);
            }
            ref Row row = ref _rows[r];
            if (row.Hash == hash && key.SequenceEqual(_arena.AsSpan(row.KeyStart, row.KeyLength)))
            {
                added = false;
                return ref row;
            }
        }
    }

    // Keys are short (a name and a pid are ~20 bytes): a multiply-xor over 8-byte words is enough
    // for a table that stays at most half full, and far cheaper than HashCode.AddBytes.
    private static int HashOf(ReadOnlySpan<byte> key)
    {
        const ulong Mul = 0x9E3779B97F4A7C15;
        ulong h = (ulong)key.Length * Mul;
        while (key.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * Mul;
            h ^= h >> 29;
            key = key[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < key.Length; i++) tail |= (ulong)key[i] << (8 * i);
        h = (h ^ tail) * Mul;
        h ^= h >> 32;
        return (int)h;
    }

    private ref Row NewRow(int slot, int hash, ReadOnlySpan<byte> key)
    {
        if (_rowCount == _rows.Length) Array.Resize(ref _rows, _rows.Length * 2);
        if (_arenaLength + key.Length > _arena.Length) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + key.Length));
        key.CopyTo(_arena.AsSpan(_arenaLength));
        ref Row row = ref _rows[_rowCount];
        row = new Row { Hash = hash, KeyStart = _arenaLength, KeyLength = key.Length };
        _arenaLength += key.Length;
        _slots[slot] = ++_rowCount;
        if (_rowCount * 2 > _slots.Length) Rehash();
        return ref _rows[_rowCount - 1];
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        int mask = _slots.Length - 1;
        for (int r = 0; r < _rowCount; r++)
        {
            int s = _rows[r].Hash & mask;
            while (_slots[s] != 0) s = (s + 1) & mask;
            _slots[s] = r + 1;
        }
    }

    /// <summary>Pushes a new Lua table of the rows, nested one level per key: rows[k1][k2]... = sum.</summary>
    public unsafe void PushRows(nint L)
    {
        lua_createtable(L, 0, _rowCount);
        int rowsIndex = lua_gettop(L);
        lua_checkstack(L, 8);
        for (int r = 0; r < _rowCount; r++)
        {
            var key = _arena.AsSpan(_rows[r].KeyStart, _rows[r].KeyLength);
            lua_pushvalue(L, rowsIndex);                // the node to fill
            for (int i = 0; i < _keys.Length - 1; i++)
            {
                int next = PushPart(L, key);
                lua_pushvalue(L, -1);
                lua_rawget(L, -3);                      // node, part, node[part]
                if (lua_type(L, -1) == TypeNil)
                {
                    Pop(L, 1);
                    lua_createtable(L, 0, 0);
                    lua_pushvalue(L, -1);               // node, part, child, child
                    lua_insert(L, -3);                  // node, child, part, child
                    lua_rawset(L, -4);                  // node, child
                }
                else lua_remove(L, -2);                 // node, child
                lua_remove(L, -2);                      // child
                key = key[next..];
            }
            PushPart(L, key);
            lua_pushnumber(L, _rows[r].Sum);
            lua_rawset(L, -3);
            Pop(L, 1);
        }
    }

    // Pushes the first encoded part of key; returns its length.
    private static unsafe int PushPart(nint L, ReadOnlySpan<byte> key)
    {
        switch (key[0])
        {
            case NumberTag:
                lua_pushnumber(L, BinaryPrimitives.ReadDoubleLittleEndian(key[1..]));
                return 9;
            case TextTag:
                int len = BinaryPrimitives.ReadInt32LittleEndian(key[1..]);
                fixed (byte* p = key.Slice(5, len)) lua_pushlstring(L, p, (nuint)len);
                return 5 + len;
            default:
                lua_pushboolean(L, key[0] == TrueTag ? 1 : 0);
                return 1;
        }
    }
}
