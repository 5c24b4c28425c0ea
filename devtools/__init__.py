"""Development tooling the production image does not carry: the synthetic document
renderers (``synthetic``), the OCR evaluation (``ocr_evaluation``) and the sample-case
generator (``sample_cases``). ``approval ocr-eval`` and ``approval samples generate`` use
them from a source checkout."""
