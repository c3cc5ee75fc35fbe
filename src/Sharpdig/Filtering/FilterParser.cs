using System.Text;

namespace Sharpdig.Filtering;

/// <summary>
/// Parses a filter string into a <see cref="GroupNode"/>, accepting exactly what sysdig 0.29.3's
/// filter compiler accepts (a character-driven scanner, not a token grammar). The language:
///
/// <code>
/// filter     ::= group
/// group      ::= item ( boolop item )*          (mixing 'and' and 'or' in one group is an error)
/// item       ::= 'not'* ( '(' group ')' | check )
/// boolop     ::= 'and' | 'or'
/// check      ::= FIELD ( 'exists' | cmpop VALUE | listop '(' [ VALUE ( ',' VALUE )* ] ')' )
/// cmpop      ::= '=' | '!=' | '&lt;=' | '&lt;' | '&gt;=' | '&gt;' | 'contains' | 'icontains'
///              | 'startswith' | 'endswith' | 'glob'
/// listop     ::= 'in' | 'pmatch'                ('intersects' reads as 'in' + junk, as in sysdig)
/// FIELD      ::= chars up to a blank or one of ( ) ! = &lt; &gt;   e.g. proc.aname[2], evt.arg.fd
/// VALUE      ::= '"' chars '"' | "'" chars "'" | chars up to a blank, '(' or ')' (and ',' in lists)
///                escapes: \\ \" \xHH
/// </code>
///
/// Quirks kept on purpose because sysdig has them: the operator is matched by prefix in the order
/// above ('==' is '=' followed by a value starting with '='); 'and'/'or' need no blank after them;
/// a 'not' after a check (a=1 not b=2) adds a check that does not take part in the result.
/// </summary>
public sealed class FilterParser
{
    private readonly string _text;
    private readonly bool _checkFields;
    private int _pos = -1;

    private enum State { NeedExpression, ExpressionDone }

    private FilterParser(string text, bool checkFields) { _text = text; _checkFields = checkFields; }

    /// <summary>
    /// Parses <paramref name="text"/>. With <paramref name="checkFields"/> each field is looked up in
    /// the catalog as soon as it is read, as sysdig does, so that a bad field is reported before
    /// any error after it; without, only the syntax is checked (fields are any words).
    /// </summary>
    public static GroupNode Parse(string text, bool checkFields = false) => new FilterParser(text, checkFields).ParseAll();

    private sealed class Group(int position, Group? parent)
    {
        public readonly int Position = position;
        public readonly Group? Parent = parent;
        public readonly List<(BoolOp, FilterNode)> Items = [];
        public GroupNode ToNode() => new(Position, Items.ToArray());
    }

    private GroupNode ParseAll()
    {
        var root = new Group(0, null);
        var current = root;
        var state = State.NeedExpression;
        var lastOp = BoolOp.None;
        int nesting = 0;
        var opened = new Stack<(Group Group, BoolOp Op)>();

        while (true)
        {
            char c = Next();
            switch (c)
            {
                case '\0':
                    if (nesting != 0) throw Error("filter error: unexpected end of filter");
                    if (state != State.ExpressionDone) throw Error("filter error: unexpected end of filter");
                    CheckNotMixed(root);
                    return root.ToNode();
                case '(':
                    if (state != State.NeedExpression) throw Error($"unexpected '(' after {_text[.._pos]}");
                    opened.Push((current, lastOp));
                    current = new Group(_pos, current);
                    lastOp = BoolOp.None;
                    nesting++;
                    break;
                case ')':
                    nesting--;
                    if (opened.Count > 0)
                    {
                        CheckNotMixed(current);
                        var (parent, op) = opened.Pop();
                        parent.Items.Add((op, current.ToNode()));
                        current = parent;
                    }
                    break;
                case 'o':
                    if (_pos != 0 && state != State.NeedExpression)
                    {
                        if (Next() != 'r') throw Error("syntax error in filter");
                        lastOp = BoolOp.Or;
                        state = State.NeedExpression;
                    }
                    else { current.Items.Add((lastOp, ParseCheck())); state = State.ExpressionDone; }
                    break;
                case 'a':
                    if (_pos != 0 && state != State.NeedExpression)
                    {
                        if (Next() != 'n' || Next() != 'd') throw Error("syntax error in filter");
                        lastOp = BoolOp.And;
                        state = State.NeedExpression;
                    }
                    else { current.Items.Add((lastOp, ParseCheck())); state = State.ExpressionDone; }
                    break;
                case 'n':
                    if (Next() != 'o' || Next() != 't') throw Error("syntax error in filter");
                    lastOp |= BoolOp.Not;
                    state = State.NeedExpression;
                    break;
                default:
                    if (state != State.NeedExpression) throw Error("syntax error in filter");
                    current.Items.Add((lastOp, ParseCheck()));
                    state = State.ExpressionDone;
                    break;
            }
        }
    }

    /// <summary>sysdig refuses a group whose joins (ignoring 'not') are not all the same.</summary>
    private void CheckNotMixed(Group g)
    {
        if (g.Items.Count <= 2) return;
        var first = g.Items[1].Item1 & ~BoolOp.Not;
        for (int i = 2; i < g.Items.Count; i++)
            if ((g.Items[i].Item1 & ~BoolOp.Not) != first)
                throw Error("expression mixes 'and' and 'or' in an ambiguous way. Please use brackets.");
    }

    private CheckNode ParseCheck()
    {
        int start = _pos;
        string field = NextOperand(expectingField: true, inList: false);
        if (field.Length == 0) throw Error($"unrecognized field at pos {start}");
        // sysdig looks the field up before it reads the operator, so a bad field is the first error.
        if (_checkFields && !Fields.FieldCatalog.TryCompileAt(field, 0, requireWhole: true, out _, out _, out string fieldError))
            throw FilterCompiler.FieldError(start, field, fieldError);
        var op = NextComparisonOperator();
        var values = new List<string>();
        if (op is CompareOp.In or CompareOp.Intersects or CompareOp.PMatch)
        {
            SkipBlanks();
            if (Current != '(') throw Error("expected '(' after 'in/intersects/pmatch' operand");
            _pos++;
            while (true)
            {
                values.Add(NextOperand(expectingField: false, inList: true));
                char c = Next();
                if (c == ')') break;
                if (c == ',') { _pos++; continue; }
                throw Error("expected either ')' or ',' after a value inside the 'in' clause");
            }
        }
        else if (op == CompareOp.Exists)
        {
            _pos--;   // the main loop must see the character right after 'exists'
        }
        else
        {
            values.Add(NextOperand(expectingField: false, inList: false));
        }
        return new CheckNode(start, field, op, values) { End = _pos };
    }

    private static readonly (string Text, CompareOp Op)[] s_operators =
    [
        ("=", CompareOp.Equal), ("!=", CompareOp.NotEqual), ("<=", CompareOp.LessEqual), ("<", CompareOp.Less),
        (">=", CompareOp.GreaterEqual), (">", CompareOp.Greater), ("contains", CompareOp.Contains),
        ("icontains", CompareOp.IContains), ("startswith", CompareOp.StartsWith), ("endswith", CompareOp.EndsWith),
        ("glob", CompareOp.Glob), ("in", CompareOp.In), ("intersects", CompareOp.Intersects),
        ("pmatch", CompareOp.PMatch), ("exists", CompareOp.Exists),
    ];

    private CompareOp NextComparisonOperator()
    {
        SkipBlanks();
        foreach (var (text, op) in s_operators)
        {
            if (_pos + text.Length <= _text.Length && string.CompareOrdinal(_text, _pos, text, 0, text.Length) == 0)
            {
                _pos += text.Length;
                return op;
            }
        }
        // sysdig quotes the whole filter up to where the operator should start.
        throw Error($"filter error: unrecognized comparison operator after {_text[..Math.Min(_pos, _text.Length)]}");
    }

    private char Current => _pos < _text.Length ? _text[_pos] : '\0';

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\r';
    private static bool IsSpecial(char c) => c is '(' or ')' or '!' or '=' or '<' or '>';

    /// <summary>Advances to the next non-blank character and returns it ('\0' at the end).</summary>
    private char Next()
    {
        while (true)
        {
            _pos++;
            if (_pos >= _text.Length) return '\0';
            if (!IsBlank(_text[_pos])) return _text[_pos];
        }
    }

    private void SkipBlanks()
    {
        if (_pos < _text.Length && IsBlank(_text[_pos])) Next();
    }

    private string NextOperand(bool expectingField, bool inList)
    {
        SkipBlanks();
        bool quoted = false;
        if (_pos < _text.Length && _text[_pos] is '"' or '\'')
        {
            quoted = true;
            _pos++;
        }
        int start = _pos;
        var sb = new StringBuilder();
        var bytes = new List<byte>();   // \xHH escapes produce raw bytes
        bool slash = false;
        int hexDigits = 0, hexValue = 0;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            bool endOfWord = expectingField
                ? IsBlank(c) || IsSpecial(c)
                : (!quoted && (IsBlank(c) || c is '(' or ')' || (inList && c == ','))) || (quoted && !slash && c is '"' or '\'');
            if (endOfWord)
            {
                if (slash || hexDigits > 0) throw Error($"unrecognized escape sequence at {_text[start.._pos]}");
                if (c is '(' or ')' || (inList && c == ',')) _pos--;
                return Flush(sb, bytes);
            }
            if (hexDigits > 0)
            {
                int d = HexValue(c);
                if (d < 0) throw Error($"unrecognized escape sequence at {_text[start.._pos]}");
                hexValue = hexValue * 16 + d;
                if (++hexDigits == 3) { Flush(sb, bytes, keep: true); bytes.Add((byte)hexValue); hexDigits = 0; hexValue = 0; }
            }
            else if (slash)
            {
                slash = false;
                if (c is '\\' or '"') sb.Append(c);
                else if (c == 'x') hexDigits = 1;
                else { sb.Append('\\'); sb.Append(c); }
            }
            else if (c == '\\' && !expectingField) slash = true;
            else sb.Append(c);
            _pos++;
        }
        if (slash || hexDigits > 0) throw Error($"unrecognized escape sequence at {_text[start..]}");
        if (quoted) throw Error("unclosed quotes");
        return Flush(sb, bytes);
    }

    /// <summary>Joins text and raw escaped bytes into one string (bytes decoded as UTF-8).</summary>
    private static string Flush(StringBuilder sb, List<byte> bytes, bool keep = false)
    {
        if (bytes.Count == 0 && !keep) return sb.ToString();
        if (sb.Length > 0) { bytes.AddRange(Encoding.UTF8.GetBytes(sb.ToString())); sb.Clear(); }
        if (keep) return "";
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private FilterSyntaxException Error(string message) => new(Math.Max(_pos, 0), message);
}
