"""seamgen mock serves ordinary REST specs: path, query, header and form inputs, the documented
statuses and error bodies, and the spec's examples as data. The generated client calls it over a
real socket; what each call must return is read from the spec's own examples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from seamgen.build import build
from seamgen.cli import main
from seamgen.loader import load
from seamgen.mock.serve import mock_api, running
from tests.conftest import ROOT, import_package

CORPUS = ROOT / "benchmarks" / ".corpus"
KEY = {"X-Zoo-Key": "k"}
ZOO = """\
openapi: 3.1.0
info: {title: Zoo API, version: "1"}
servers: [{url: "https://zoo.example.com/v1"}]
security: [{key: []}]
tags: [{name: animals}]
paths:
  /animals/{animal_id}:
    get:
      operationId: getAnimal
      tags: [animals]
      parameters:
        - {name: animal_id, in: path, required: true, schema: {type: integer, minimum: 1}}
        - {name: X-Keeper, in: header, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
      responses:
        "200":
          description: The animal.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Animal"}
              example: {id: 7, name: Rex, tags: [dog, good]}
        "400": {$ref: "#/components/responses/BadRequest"}
  /animals:
    get:
      operationId: listAnimals
      tags: [animals]
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer, maximum: 50}}
        - {name: tag, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "200":
          description: Some animals.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Animal"}}
        "422": {$ref: "#/components/responses/BadRequest"}
    post:
      operationId: createAnimal
      tags: [animals]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: "#/components/schemas/NewAnimal"}
          multipart/form-data:
            schema:
              allOf: [{$ref: "#/components/schemas/NewAnimal"}]
              properties: {photo: {type: string, contentMediaType: image/png}}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Animal"}
        "400": {$ref: "#/components/responses/BadRequest"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Zoo-Key}
  responses:
    BadRequest:
      description: The request is invalid.
      content:
        application/problem+json:
          schema: {$ref: "#/components/schemas/Problem"}
          example: {title: Invalid request, status: 400}
  schemas:
    Animal:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        tags: {type: array, items: {type: string}}
      example: {id: 1, name: Ada, tags: [cat]}
    NewAnimal:
      type: object
      required: [name, legs]
      properties:
        name: {type: string}
        legs: {type: integer, minimum: 0}
    Problem:
      type: object
      required: [title, status]
      properties:
        title: {type: string}
        status: {type: integer}
"""
DOC = yaml.safe_load(ZOO)
PROBLEM = DOC["components"]["responses"]["BadRequest"]["content"]["application/problem+json"]["example"]


def generate(tmp_path: Path, spec: Path, package: str) -> ModuleType:
    """The spec's Python package, generated into ``tmp_path`` and imported."""
    out = tmp_path / "out"
    assert main(["generate", "--spec", str(spec), "--out", str(out), "--package-name", package, "--quiet"]) == 0
    return import_package(out / "python" / "src", package)


def serve(spec_path: Path) -> Any:
    spec = load(spec_path)
    return running(mock_api(build(spec), spec).app)


@pytest.fixture
def zoo(tmp_path: Path) -> Iterator[tuple[str, ModuleType]]:
    path = tmp_path / "openapi.yaml"
    path.write_text(ZOO, encoding="utf-8")
    package = generate(tmp_path, path, f"zoo_{tmp_path.name.replace('-', '_')}")
    with serve(path) as url:
        yield url, package


def fields(model: Any, names: Any) -> dict[str, Any]:
    return {name: getattr(model, name) for name in names}


def test_client_calls_with_path_query_and_header_get_the_examples(zoo: tuple[str, ModuleType]) -> None:
    url, package = zoo
    animal = DOC["paths"]["/animals/{animal_id}"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    listed = DOC["components"]["schemas"]["Animal"]["example"]
    with package.Zoo(api_key="k", endpoint=url) as zoo_client:
        got = zoo_client.animals.get_animal(animal_id=7, x_keeper="Ann", verbose=True)
        assert fields(got, animal) == animal
        [first] = zoo_client.animals.list(limit=3, tag=["cat", "dog"])
        assert fields(first, listed) == listed


def test_client_gets_the_documented_error_body_for_invalid_input(zoo: tuple[str, ModuleType]) -> None:
    url, package = zoo
    with package.Zoo(api_key="k", endpoint=url) as zoo_client:
        with pytest.raises(package.ZooHttpApiError) as caught:
            zoo_client.animals.get_animal(animal_id=0, x_keeper="Ann")
        assert caught.value.status_code == 400
        with pytest.raises(package.ZooHttpApiError) as too_many:
            zoo_client.animals.list(limit=51)
        assert too_many.value.status_code == 422  # the one 4xx listAnimals documents


def test_invalid_parameters_get_the_spec_error_shape(zoo: tuple[str, ModuleType]) -> None:
    url, _ = zoo
    cases = [
        ("/animals/7", {}, {**KEY}, 400),  # the required header is missing
        ("/animals/seven", {}, {**KEY, "X-Keeper": "Ann"}, 400),  # the path parameter is no integer
        ("/animals/7", {"verbose": "maybe"}, {**KEY, "X-Keeper": "Ann"}, 400),
        ("/animals", {}, KEY, 422),  # limit is required
    ]
    for path, params, headers, status in cases:
        response = httpx.get(url + path, params=params, headers=headers)
        assert (response.status_code, response.json()) == (status, PROBLEM), path
        assert response.headers["content-type"] == "application/problem+json"
    fine = httpx.get(url + "/animals/7", params={"verbose": "false"}, headers={**KEY, "X-Keeper": "Ann"})
    assert fine.status_code == 200


def test_form_and_multipart_bodies_are_read_and_checked(zoo: tuple[str, ModuleType]) -> None:
    url, _ = zoo
    created = DOC["components"]["schemas"]["Animal"]["example"]
    form = httpx.post(url + "/animals", data={"name": "Ada", "legs": "4"}, headers=KEY)
    assert (form.status_code, form.json()) == (201, created)
    photo = {"photo": ("ada.png", b"\x89PNG\x00\xff", "image/png")}
    multipart = httpx.post(url + "/animals", data={"name": "Ada", "legs": "4"}, files=photo, headers=KEY)
    assert (multipart.status_code, multipart.json()) == (201, created)
    for data in ({"name": "Ada"}, {"name": "Ada", "legs": "-1"}, {"name": "Ada", "legs": "four"}):
        for extra in ({}, {"files": photo}):
            bad = httpx.post(url + "/animals", data=data, headers=KEY, **extra)
            assert (bad.status_code, bad.json()) == (400, PROBLEM), (data, extra)
    xml = httpx.post(url + "/animals", content=b"<animal/>", headers={**KEY, "content-type": "application/xml"})
    assert xml.status_code == 415


def test_routes_methods_and_keys(zoo: tuple[str, ModuleType]) -> None:
    url, _ = zoo
    assert httpx.get(url + "/plants", headers=KEY).status_code == 404
    wrong = httpx.delete(url + "/animals", headers=KEY)
    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].split(", ")) == {m.upper() for m in DOC["paths"]["/animals"]}
    assert httpx.get(url + "/animals", params={"limit": 1}).status_code == 401
    assert httpx.get(url + "/animals", params={"limit": 1}, headers={"X-Zoo-Key": ""}).status_code == 401
    assert httpx.get(url + "/animals", params={"limit": 1}, headers=KEY).status_code == 200
    # A server URL's path (/v1) before a route is served too.
    assert httpx.get(url + "/v1/animals", params={"limit": 1}, headers=KEY).status_code == 200


def _schema(doc: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = doc["components"]["schemas"][name]
    return schema


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["petstore-3.1", "petstore-3.0"])
def test_petstore_client_against_the_mock(tmp_path: Path, name: str) -> None:
    path = CORPUS / f"{name}.json"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    package = generate(tmp_path, path, f"petstore_{name.replace('-', '_').replace('.', '_')}")
    pet_examples = {
        key: prop["example"] for key, prop in _schema(doc, "Pet")["properties"].items() if "example" in prop
    }
    oauth = next(name for name, scheme in doc["components"]["securitySchemes"].items() if scheme["type"] == "oauth2")
    credentials = {"api_key": "k", oauth: "token"}  # the operations that take only the OAuth scheme need its token
    with serve(path) as url, package.SwaggerPetstore(endpoint=url, **credentials) as client:
        pet = client.pet.get_by_id(pet_id=1)
        assert fields(pet, pet_examples) == pet_examples
        [found] = client.pet.find_pets_by_status(status=["available"])
        assert fields(found, pet_examples) == pet_examples
        assert client.pet.add(name="doggie", photo_urls=["https://example.com/a.png"]) is None
        assert client.pet.delete(pet_id=1) is None
        order = client.store.get_order_by_id(order_id=1)
        order_schema = _schema(doc, "Order")["properties"]
        assert order.status == order_schema["status"]["enum"][0]
        form = httpx.post(url + "/pet/1", data={"name": "doggie", "status": "sold"}, headers={"api_key": "k"})
        assert form.status_code == 200
        unknown = httpx.get(url + "/pets/1", headers={"api_key": "k"})
        assert unknown.status_code == 404
        bad = httpx.get(url + "/pet/one", headers={"api_key": "k"})
        assert bad.status_code == 400  # getPetById documents 400 without a body
        assert "petId" in bad.text


@pytest.mark.corpus
def test_train_travel_client_against_the_mock(tmp_path: Path) -> None:
    path = CORPUS / "train-travel-3.1.json"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    package = generate(tmp_path, path, "train_travel_mock")
    stations = doc["paths"]["/stations"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    booking = doc["paths"]["/bookings/{bookingId}"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    with serve(path) as url, package.TrainTravel(api_key="k", endpoint=url) as client:
        got = client.stations.get()
        assert [station.id for station in got.data] == [station["id"] for station in stations["data"]]
        one = client.bookings.get_booking(booking_id="1725ff48-ab45-4bb5-9d02-88745177dedb")
        assert (one.id, one.passenger_name) == (booking["id"], booking["passenger_name"])
        missing = httpx.get(url + "/trips", headers={"Authorization": "Bearer k"})
        problem = doc["components"]["responses"]["BadRequest"]["content"]["application/problem+json"]
        assert missing.status_code == 400
        assert missing.json() == problem["example"]
        assert httpx.get(url + "/trips").status_code == 401
