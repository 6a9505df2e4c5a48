/// Training text for the fake endpoint's model, written for Merit's tests and shipped tasks.
enum Corpus {
    static let text = """
    Question: What is the capital of France?
    Answer: Paris

    Question: What is the capital of Italy?
    Answer: Rome

    Question: What is the capital of Japan?
    Answer: Tokyo

    Question: What is the capital of Spain?
    Answer: Madrid

    Question: What color is the sky on a clear day?
    Answer: blue

    Question: What color is grass?
    Answer: green

    Question: What is 2 + 2?
    Answer: 4

    Question: What is 3 + 4?
    Answer: 7

    The sun rises in the east and sets in the west. Water boils at one hundred degrees Celsius at sea level.
    A week has seven days. A year has twelve months. The moon orbits the earth, and the earth orbits the sun.
    Cats and dogs are animals. A triangle has three sides and a square has four sides.
    Bread is made from flour, water and yeast. Ice is frozen water. Fish live in water and birds can fly.
    The answer is 4. The answer is 7. The answer is 12. The answer is 9.
    Q: What is 5 + 4? A: The answer is 9.
    Q: What is 6 + 6? A: The answer is 12.
    Q: How many legs does a spider have? A: The answer is 8.
    """

    static let impostor = """
    Lorem markets rallied as traders weighed fresh data on inflation and jobs. Shares of technology
    firms rose while energy stocks fell. The central bank held rates steady and signalled patience.
    Analysts expect earnings to grow next quarter, though supply chains remain tight. Bond yields
    eased and the dollar slipped against the euro. Oil prices dropped on reports of rising output.
    """
}
