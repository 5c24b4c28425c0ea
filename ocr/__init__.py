"""Reading Chinese identity cards and business licences.

``read_document`` reads one upload; ``OcrPool`` reads many in parallel worker processes. This
package never imports the service (``approval``): the service imports it.
"""

from ocr.pool import OcrPool
from ocr.read import read_document
from ocr.reading import FieldReading, Reading, ReadingWarning, UnsupportedDocument

__all__ = [
    "FieldReading",
    "OcrPool",
    "Reading",
    "ReadingWarning",
    "UnsupportedDocument",
    "read_document",
]
