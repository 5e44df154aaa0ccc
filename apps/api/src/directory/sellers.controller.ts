import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CodeParam } from '../common/params';
import { csvBody, DIRECTORY_READERS } from './directory-http';
import { CsvImportResult, DirectoryService, DirectoryView } from './directory.service';
import { CreateSellerDto, UpdateSellerDto } from './dto/seller.dto';

@ApiTags('sellers')
@ApiBearerAuth()
@Controller('sellers')
export class SellersController {
  constructor(private readonly directory: DirectoryService) {}

  @Post()
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Register a seller (agent, bancassurance account manager, agency staff)' })
  create(@CurrentUser() user: Principal, @Body() dto: CreateSellerDto): Promise<DirectoryView> {
    return this.directory.create(user, 'seller', dto);
  }

  @Post('import')
  @Roles('channel_manager', 'admin')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'CSV import of sellers; good rows stored, bad rows reported by line' })
  import(@CurrentUser() user: Principal, @Req() req: Request): Promise<CsvImportResult> {
    return this.directory.importCsv(user, 'seller', csvBody(req));
  }

  @Put(':code')
  @Roles('channel_manager', 'admin')
  @ApiOperation({ summary: 'Update a seller, e.g. the date they passed the form-filling test' })
  update(@CurrentUser() user: Principal, @Param() { code }: CodeParam, @Body() dto: UpdateSellerDto): Promise<DirectoryView> {
    return this.directory.update(user, 'seller', code, dto);
  }

  @Get(':code')
  @Roles(...DIRECTORY_READERS)
  get(@CurrentUser() user: Principal, @Param() { code }: CodeParam): Promise<DirectoryView> {
    return this.directory.get(user, 'seller', code);
  }
}
