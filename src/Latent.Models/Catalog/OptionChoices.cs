using System.Reflection;
using System.Text;

namespace Latent.Models.Catalog;

/// <summary>The spellings of an enum's members as option values (see <see cref="OptionValueAttribute"/>).</summary>
public static class OptionChoices
{
    /// <summary>The canonical spelling of every member, in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type enumType)
        => Members(enumType).Select(m => m.Names[0]).ToList();

    /// <summary>The canonical spelling of <paramref name="value"/>.</summary>
    public static string Name(Enum value)
        => Members(value.GetType()).First(m => Equals(m.Value, value)).Names[0];

    /// <summary>The member spelled <paramref name="text"/> (any listed spelling, case-insensitive), or null.</summary>
    public static object? Parse(Type enumType, string text)
    {
        string wanted = text.Trim();
        return Members(enumType).FirstOrDefault(m => m.Names.Any(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase))).Value;
    }

    /// <summary>"a, b or c".</summary>
    public static string List(IReadOnlyList<string> names)
        => names.Count <= 1 ? string.Join("", names) : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    /// <summary>"LeastSquares" → "least-squares".</summary>
    public static string KebabCase(string name)
    {
        var text = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) text.Append('-');
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }

    private static IEnumerable<(object Value, IReadOnlyList<string> Names)> Members(Type enumType)
        => enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => f.MetadataToken)
            .Select(f => (f.GetValue(null)!, f.GetCustomAttribute<OptionValueAttribute>()?.Names ?? (IReadOnlyList<string>)[KebabCase(f.Name)]));
}
