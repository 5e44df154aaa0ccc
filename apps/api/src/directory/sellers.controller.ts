import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiErrors, ApiProtected } from '../common/api-errors';
import { CodeParam } from '../common/params';
import { CsvImportResultDto, SellerPageDto, SellerViewDto } from './dto/directory-responses.dto';
import { csvBody, DIRECTORY_READERS } from './directory-http';
import { CsvImportResult, DirectoryPage, DirectoryService, DirectoryView } from './directory.service';
import { SellerListQuery } from './dto/directory-list.dto';
import { CreateSellerDto, UpdateSellerDto } from './dto/seller.dto';

@ApiTags('sellers')
@ApiProtected()
@Controller('sellers')
export class SellersController {
  constructor(private readonly directory: DirectoryService) {}

  @Post()
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Register a seller (agent, bancassurance account manager, agency staff)' })
  @ApiCreatedResponse({ type: SellerViewDto })
  @ApiErrors(400, 409)
  create(@CurrentUser() user: Principal, @Body() dto: CreateSellerDto): Promise<DirectoryView> {
    return this.directory.create(user, 'seller', dto);
  }

  @Post('import')
  @Roles('channel_manager', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'CSV import of sellers; good rows stored, bad rows reported by line' })
  @ApiOkResponse({ type: CsvImportResultDto, description: 'good rows stored, bad rows reported by line' })
  @ApiErrors(400, 415)
  import(@CurrentUser() user: Principal, @Req() req: Request): Promise<CsvImportResult> {
    return this.directory.importCsv(user, 'seller', csvBody(req));
  }

  @Put(':code')
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Update a seller, e.g. the date they passed the form-filling test' })
  @ApiOkResponse({ type: SellerViewDto })
  @ApiErrors(400, 404)
  update(
    @CurrentUser() user: Principal,
    @Param() { code }: CodeParam,
    @Body() dto: UpdateSellerDto,
  ): Promise<DirectoryView> {
    return this.directory.update(user, 'seller', code, dto);
  }

  @Get()
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'Sellers in the caller scope by code, filtered and paged; ID numbers masked' })
  @ApiOkResponse({ type: SellerPageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: Principal, @Query() q: SellerListQuery): Promise<DirectoryPage> {
    return this.directory.list(user, 'seller', q);
  }

  @Get(':code')
  @Roles(...DIRECTORY_READERS)
  @ApiOperation({ summary: 'A seller by code, phone in clear, ID number masked' })
  @ApiOkResponse({ type: SellerViewDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: Principal, @Param() { code }: CodeParam): Promise<DirectoryView> {
    return this.directory.get(user, 'seller', code);
  }
}
