using System.Globalization;
using Gepa.MultiHop;
using Gepa.Programs;

namespace Gepa.Simulation;

/// <summary>A deterministic, generated fictional wiki (people, companies, cities, films) with multi-hop questions:
/// the data of the <em>simulated</em> multi-hop world, and a task no real model can answer from memory.</summary>
/// <remarks>
/// <para>Everything follows from the seed through <c>u(seed|n)</c> draws (SHA-256, see the README in this folder), so
/// the same seed gives the same wiki in every run and on every platform; the shipped files under
/// <c>samples/multihop/</c> are this generator's output for the default seed, and a test keeps them equal.</para>
/// <para>About 250 paragraphs: 30 cities, 90 people, 30 near-namesakes of them (one vowel of the surname changed, other
/// facts drawn afresh), 50 companies and 50 films. 150 questions: 40 film→director→birth city and 35
/// person→employer→founder bridges, 50 founding-year comparisons, and 25 three-hop questions ending in a country;
/// split 50/50/50 into train, val and test.</para>
/// </remarks>
public sealed class FictionWiki
{
    private static readonly string[] s_countries = ["Valdoria", "Quenmark", "Ostravia", "Brellan", "Tazmir", "Kelvoss", "Marandia", "Sulvane"];
    private static readonly string[] s_rivers = ["Orm", "Sella", "Varrow", "Linden", "Tesk", "Amberlee", "Corran", "Ysel", "Drun", "Pellow"];
    private static readonly string[] s_firstNames = ["Ilsa", "Toren", "Marek", "Quilla", "Anselm", "Brisa", "Caius", "Delphine", "Eskil", "Fenna", "Gideon", "Halla", "Ivo", "Jessamy", "Kasimir", "Liesel", "Magnus", "Nerys", "Osric", "Petra", "Rurik", "Saskia", "Tamsin", "Ulric", "Vesna", "Wendel", "Xanthe", "Yorick", "Zelda", "Aurel"];
    private static readonly string[] s_onsets = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kl", "st", "tr"];
    private static readonly string[] s_vowels = ["a", "e", "i", "o", "u"];
    private static readonly string[] s_codas = ["", "n", "r", "l", "s", "m", "nd", "rk", "lt"];
    private static readonly string[] s_companySuffixes = ["Works", "Systems", "Foundry", "Labs", "Trading", "Instruments"];
    private static readonly string[] s_adjectives = ["Silent", "Crimson", "Hollow", "Distant", "Gilded", "Restless", "Northern", "Broken", "Velvet", "Burning", "Quiet", "Iron"];
    private static readonly string[] s_nouns = ["Harbor", "Orchard", "Lantern", "Meridian", "Cartographer", "Tide", "Furnace", "Archive", "Pilgrim", "Lighthouse", "Garden", "Signal", "Winter", "Bridge", "Compass"];
    private static readonly string[] s_professions = ["painter", "engineer", "chemist", "architect", "novelist", "pilot", "composer", "botanist"];
    private static readonly string[] s_products = ["bicycles", "lamps", "paper", "ceramics", "engines", "textiles", "clocks", "glass"];

    private readonly SimHash _draw;
    private readonly HashSet<string> _words = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FictionWikiEntityKind> _entities = new(StringComparer.Ordinal);

    /// <summary>Generates the wiki.</summary>
    /// <param name="seed">The seed; <see cref="FictionWikiConstants.DefaultSeed"/> when <see langword="null"/>.</param>
    public FictionWiki(string? seed = null)
    {
        Seed = seed ?? FictionWikiConstants.DefaultSeed;
        _draw = new SimHash(Seed);
        foreach (var country in s_countries)
        {
            _entities[country] = FictionWikiEntityKind.Country;
        }

        var cities = Enumerable.Range(0, FictionWikiConstants.Cities).Select(_ => NewWord()).ToList();
        var cityCountry = cities.ToDictionary(c => c, _ => _draw.Pick(s_countries));
        var people = Enumerable.Range(0, FictionWikiConstants.People).Select(_ => $"{_draw.Pick(s_firstNames)} {NewWord()}").ToList();
        var companies = Enumerable.Range(0, FictionWikiConstants.Companies).Select(_ => $"{NewWord()} {_draw.Pick(s_companySuffixes)}").ToList();
        var films = NewFilms();
        var namesakes = people.Take(FictionWikiConstants.Namesakes).Select(Namesake).ToList();
        cities.ForEach(c => _entities[c] = FictionWikiEntityKind.City);
        people.Concat(namesakes).ToList().ForEach(p => _entities[p] = FictionWikiEntityKind.Person);
        companies.ForEach(c => _entities[c] = FictionWikiEntityKind.Company);
        films.ForEach(f => _entities[f] = FictionWikiEntityKind.Film);

        var founded = Distinct(companies.Count, 1850, 2011);
        var companyHq = new Dictionary<string, string>(StringComparer.Ordinal);
        var companyFounder = new Dictionary<string, string>(StringComparer.Ordinal);
        var companyYear = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphs = new List<Passage>();
        for (var i = 0; i < cities.Count; i++)
        {
            var c = cities[i];
            paragraphs.Add(new(c, $"{c} is a city in {cityCountry[c]}. It lies on the river {_draw.Pick(s_rivers)}. About {(20 + _draw.Next(980)) * 1000} people live in {c}."));
        }

        var born = new Dictionary<string, string>(StringComparer.Ordinal);
        var employer = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in people.Concat(namesakes))
        {
            born[p] = _draw.Pick(cities);
            employer[p] = _draw.Pick(companies);
            paragraphs.Add(new(p, $"{p} is a {_draw.Pick(s_professions)}. {p} was born in {born[p]}. {p} works at {employer[p]}."));
        }

        for (var i = 0; i < companies.Count; i++)
        {
            var co = companies[i];
            companyHq[co] = _draw.Pick(cities);
            companyFounder[co] = _draw.Pick(people);
            companyYear[co] = founded[i];
            paragraphs.Add(new(co, $"{co} is a company headquartered in {companyHq[co]}. {co} was founded in {founded[i]} by {companyFounder[co]}. It makes {_draw.Pick(s_products)}."));
        }

        var director = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in films)
        {
            director[f] = _draw.Pick(people);
            paragraphs.Add(new(f, $"{f} is a {1950 + _draw.Next(71)} film set in {_draw.Pick(cities)}. {f} was directed by {director[f]}."));
        }

        var questions = new List<MultiHopExample>();
        SupportingFact Fact(string title, string sentence) => new(title, sentence);
        string BornIn(string p) => $"{p} was born in {born[p]}.";
        string DirectedBy(string f) => $"{f} was directed by {director[f]}.";
        string WorksAt(string p) => $"{p} works at {employer[p]}.";
        string FoundedBy(string co) => $"{co} was founded in {companyYear[co]} by {companyFounder[co]}.";
        string CityIn(string c) => $"{c} is a city in {cityCountry[c]}.";
        string HqIn(string co) => $"{co} is a company headquartered in {companyHq[co]}.";
        foreach (var f in films.Take(40))
        {
            var p = director[f];
            questions.Add(new("", $"In which city was the director of {f} born?", born[p], "bridge", [f, p], [Fact(f, DirectedBy(f)), Fact(p, BornIn(p))]));
        }

        foreach (var f in films.Skip(40))
        {
            var p = director[f];
            var c = born[p];
            questions.Add(new("", $"In which country was the director of {f} born?", cityCountry[c], "3-hop", [f, p, c], [Fact(f, DirectedBy(f)), Fact(p, BornIn(p)), Fact(c, CityIn(c))]));
        }

        // Questions about people use the ones whose employer was not founded by themselves, in order.
        var askable = people.Where(p => companyFounder[employer[p]] != p).ToList();
        foreach (var p in askable.Take(35))
        {
            var co = employer[p];
            questions.Add(new("", $"Who founded the company where {p} works?", companyFounder[co], "bridge", [p, co], [Fact(p, WorksAt(p)), Fact(co, FoundedBy(co))]));
        }

        foreach (var p in askable.Skip(35).Take(15))
        {
            var co = employer[p];
            var c = companyHq[co];
            questions.Add(new("", $"In which country is the company where {p} works headquartered?", cityCountry[c], "3-hop", [p, co, c], [Fact(p, WorksAt(p)), Fact(co, HqIn(co)), Fact(c, CityIn(c))]));
        }

        // Each company is compared with the one seven places on: 50 distinct pairs, each company in two of them.
        for (var i = 0; i < companies.Count; i++)
        {
            var (a, b) = (companies[i], companies[(i + 7) % companies.Count]);
            questions.Add(new("", $"Which company was founded first, {a} or {b}?", companyYear[a] < companyYear[b] ? a : b, "comparison", [a, b], [Fact(a, FoundedBy(a)), Fact(b, FoundedBy(b))]));
        }

        Shuffle(questions);
        Shuffle(paragraphs);
        var numbered = questions.Select((q, i) => q with { Id = string.Create(CultureInfo.InvariantCulture, $"fw-{i + 1:000}") }).ToList();
        var n = FictionWikiConstants.QuestionsPerSplit;
        Corpus = paragraphs;
        Trainset = numbered.Take(n).ToList();
        Valset = numbered.Skip(n).Take(n).ToList();
        Testset = numbered.Skip(2 * n).Take(n).ToList();
        Entities = _entities;
    }

    /// <summary>Gets the seed.</summary>
    public string Seed { get; }

    /// <summary>Gets the paragraphs, in corpus order.</summary>
    public IReadOnlyList<Passage> Corpus { get; }

    /// <summary>Gets the training questions.</summary>
    public IReadOnlyList<MultiHopExample> Trainset { get; }

    /// <summary>Gets the validation questions.</summary>
    public IReadOnlyList<MultiHopExample> Valset { get; }

    /// <summary>Gets the test questions.</summary>
    public IReadOnlyList<MultiHopExample> Testset { get; }

    /// <summary>Gets every named thing and what it is.</summary>
    public IReadOnlyDictionary<string, FictionWikiEntityKind> Entities { get; }

    /// <summary>Writes the wiki as the sample's files: <c>corpus.jsonl</c>, <c>train.jsonl</c>, <c>val.jsonl</c>,
    /// <c>test.jsonl</c> and <c>entities.jsonl</c>, replacing them.</summary>
    /// <param name="directory">The directory (created when missing).</param>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        MultiHopData.WriteCorpus(Path.Combine(directory, "corpus.jsonl"), Corpus);
        MultiHopData.WriteExamples(Path.Combine(directory, "train.jsonl"), Trainset);
        MultiHopData.WriteExamples(Path.Combine(directory, "val.jsonl"), Valset);
        MultiHopData.WriteExamples(Path.Combine(directory, "test.jsonl"), Testset);
    }

    private string NewWord()
    {
        while (true)
        {
            var word = Syllable() + Syllable();
            word = char.ToUpperInvariant(word[0]) + word[1..];
            if (word.Length >= 4 && _words.Add(word))
            {
                return word;
            }
        }
    }

    private string Syllable() => _draw.Pick(s_onsets) + _draw.Pick(s_vowels) + _draw.Pick(s_codas);

    private string Namesake(string person)
    {
        // Same first name, one vowel of the surname changed: a distractor BM25 cannot tell apart by the first name.
        var space = person.IndexOf(' ', StringComparison.Ordinal);
        var surname = person[(space + 1)..];
        for (var shift = 1; shift < s_vowels.Length; shift++)
        {
            var i = surname.LastIndexOfAny(['a', 'e', 'i', 'o', 'u']);
            var vowel = Array.IndexOf(s_vowels, surname[i].ToString());
            var changed = surname[..i] + s_vowels[(vowel + shift) % s_vowels.Length] + surname[(i + 1)..];
            if (_words.Add(changed))
            {
                return $"{person[..space]} {changed}";
            }
        }

        return $"{person[..space]} {NewWord()}";
    }

    private List<string> NewFilms()
    {
        var all = s_adjectives.SelectMany(a => s_nouns.Select(n => $"The {a} {n}")).ToList();
        Shuffle(all);
        return all.Take(FictionWikiConstants.Films).ToList();
    }

    private List<int> Distinct(int count, int from, int to)
    {
        var years = Enumerable.Range(from, to - from).ToList();
        Shuffle(years);
        return years.Take(count).ToList();
    }

    private void Shuffle<T>(List<T> items)
    {
        // Fisher–Yates from the end, one draw per position.
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _draw.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
