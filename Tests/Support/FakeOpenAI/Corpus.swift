/// Training text for the fake endpoint's model, written for Merit's tests and shipped tasks.
///
/// The honest model has read most of the shipped tasks' answers, so it scores well but not perfectly;
/// the impostor has read unrelated text.
enum Corpus {
    static let capitals: [(String, String)] = [
        ("France", "Paris"), ("Italy", "Rome"), ("Japan", "Tokyo"), ("Spain", "Madrid"), ("Germany", "Berlin"), ("Portugal", "Lisbon"), ("Greece", "Athens"), ("Egypt", "Cairo"), ("Canada", "Ottawa"), ("Kenya", "Nairobi"), ("Peru", "Lima"), ("Norway", "Oslo"), ("Sweden", "Stockholm"), ("Poland", "Warsaw"), ("Austria", "Vienna"), ("Ireland", "Dublin"), ("Chile", "Santiago"), ("Cuba", "Havana"), ("Russia", "Moscow"), ("China", "Beijing"), ("India", "New Delhi"), ("Thailand", "Bangkok"), ("Turkey", "Ankara"), ("Iran", "Tehran"), ("Mexico", "Mexico City"), ("Argentina", "Buenos Aires"), ("Australia", "Canberra"), ("Finland", "Helsinki"), ("Denmark", "Copenhagen"), ("Hungary", "Budapest"), ("Belgium", "Brussels"), ("Nigeria", "Abuja"), ("Colombia", "Bogota"), ("Vietnam", "Hanoi"), ("Morocco", "Rabat"), ("Ghana", "Accra"), ("Iceland", "Reykjavik"), ("Nepal", "Kathmandu"), ("Brazil", "Brasilia"), ("Switzerland", "Bern"), ("Czechia", "Prague"), ("Romania", "Bucharest"), ("Ukraine", "Kyiv"), ("Qatar", "Doha"),
    ]
    static let facts: [(String, String)] = [
        ("The sun rises in the east.", "true"),
        ("Water boils at one hundred degrees Celsius at sea level.", "true"),
        ("A week has seven days.", "true"),
        ("A year has twelve months.", "true"),
        ("The moon orbits the earth.", "true"),
        ("A triangle has four sides.", "false"),
        ("Ice is frozen water.", "true"),
        ("Fish live in the desert.", "false"),
        ("A square has three sides.", "false"),
        ("Bread is made from stones.", "false"),
        ("The earth orbits the moon.", "false"),
        ("Birds can fly.", "true"),
        ("A week has ten days.", "false"),
        ("The sun sets in the east.", "false"),
        ("Cats are animals.", "true"),
        ("Snow is hot.", "false"),
        ("Water freezes at zero degrees Celsius.", "true"),
        ("A spider has eight legs.", "true"),
        ("A year has thirty months.", "false"),
        ("Dogs are plants.", "false"),
        ("Rain falls from clouds.", "true"),
        ("The sea is salty.", "true"),
    ]
    static let sums: [(String, String)] = [
        ("What is 4 - 15?", "-11"),
        ("What is 5 * 3?", "15"),
        ("What is 2 - 20?", "-18"),
        ("What is 15 * 20?", "300"),
        ("What is 6 + 20?", "26"),
        ("What is 17 + 3?", "20"),
        ("What is 2 + 7?", "9"),
        ("What is 20 - 1?", "19"),
        ("What is 11 * 15?", "165"),
        ("What is 7 + 17?", "24"),
        ("What is 10 + 16?", "26"),
        ("What is 3 * 15?", "45"),
        ("What is 9 * 14?", "126"),
        ("What is 3 - 9?", "-6"),
        ("What is 8 - 17?", "-9"),
        ("What is 1 * 3?", "3"),
        ("What is 4 + 13?", "17"),
        ("What is 10 + 13?", "23"),
        ("What is 1 + 1?", "2"),
        ("What is 7 - 2?", "5"),
    ]

    static let text: String = {
        var t = "The following are questions about world capitals.\n\n"
        for (country, city) in capitals { t += "Question: What is the capital of \(country)?\nAnswer: \(city)\n\n" }
        for (statement, label) in facts { t += "\(statement) True or false? \(label)\n\n" }
        for (question, answer) in sums { t += "Q: \(question)\nA: The answer is \(answer)\n\n" }
        t += "The sun rises in the east and sets in the west. A week has seven days. The moon orbits the earth.\n"
        return t
    }()

    static let impostor = """
    Lorem markets rallied as traders weighed fresh data on inflation and jobs. Shares of technology
    firms rose while energy stocks fell. The central bank held rates steady and signalled patience.
    Analysts expect earnings to grow next quarter, though supply chains remain tight. Bond yields
    eased and the dollar slipped against the euro. Oil prices dropped on reports of rising output.
    Question: what is true? Answer: false. The answer is 42.
    """
}
